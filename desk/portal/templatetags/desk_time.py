"""Time zones in words: the city of a zone as people say it ("Moscow"), in the viewer's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Zones the vendor's hours are kept in, as a city name to translate; any other zone shows its
# own name without the region ("America/New_York" -> "New York").
CITIES = {"Europe/Moscow": _("Moscow")}


@register.filter
def zone_city(zone: str) -> str:
    if zone in CITIES:
        return str(CITIES[zone])
    return zone.rsplit("/", 1)[-1].replace("_", " ")
