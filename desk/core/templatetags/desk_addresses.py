"""`{% page_url 'portal:pricing' %}`: `{% url %}` for a page without arguments, reversed once per
URL configuration (desk.core.addresses); the layouts' header and footer links use it."""

from __future__ import annotations

from django import template

from desk.core.addresses import page_address

register = template.Library()


@register.simple_tag
def page_url(name: str) -> str:
    """The page's address (escaped like `{% url %}`'s, as every simple tag's answer is)."""
    return page_address(name)
