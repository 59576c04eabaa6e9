"""Template filters over `desk.core.formatting`, in the active language and time zone:
`{{ ticket.created_at|moment }}`, `|day`, `|clock`, `|weekday_time`, `{{ plan.money|money }}`,
`{{ count|number }}`, `{{ user.time_zone|zone_name }}` ("Moscow" / "Москва"); the moment
filters take a zone name to show another zone than the viewer's
(`{{ opens_at|weekday_time:"Europe/Moscow" }}`); `|breakable` lets an e-mail address, a host or
a store path wrap at its @, dots and slashes only;
`|localized` shows an object's `localized_name` (plans, departments) in the viewer's language."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from desk.core import formatting

register = template.Library()


@register.filter
def moment(value: datetime | None, zone: str | None = None) -> str:
    return "" if value is None else formatting.format_moment(value, zone=zone or None)


@register.filter
def day(value: date | datetime | None, zone: str | None = None) -> str:
    return "" if value is None else formatting.format_day(value, zone=zone or None)


@register.filter
def clock(value: datetime | time | None, zone: str | None = None) -> str:
    return "" if value is None else formatting.format_clock(value, zone=zone or None)


@register.filter
def weekday_time(value: datetime | None, zone: str | None = None) -> str:
    return "" if value is None else formatting.format_weekday_time(value, zone=zone or None)


@register.filter
def zone_name(value: object) -> str:
    """A time zone (an IANA id or a tzinfo) by its city in the viewer's language."""
    if not value:
        return ""
    zone = value if isinstance(value, str) else str(value)
    return formatting.format_time_zone(zone)


@register.filter
def money(value: Any) -> str:
    """A `Money` (amount + currency) or None."""
    if value is None:
        return ""
    return formatting.format_money(value.amount, value.currency)


@register.filter
def number(value: int | Decimal | None) -> str:
    return "" if value is None else formatting.format_number(value)


@register.filter
def localized(value: Any) -> str:
    if value is None:
        return ""
    return str(value.localized_name(get_language() or "en"))


@register.filter
def breakable(value: object) -> SafeString:
    """Escaped text with a <wbr> after each @ and slash and before each dot:
    "anna.becker@example.com" wraps as "anna.becker@ / example.com" and
    "uraltea.example/shop" as "uraltea / .example/ / shop", never in the middle of a word."""
    text = str(escape(str(value or "")))
    text = text.replace("@", "@<wbr>").replace(".", "<wbr>.").replace("/", "/<wbr>")
    return mark_safe(text)  # noqa: S308 — escaped above; only <wbr> is added
