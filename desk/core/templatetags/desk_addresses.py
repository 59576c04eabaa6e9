"""`{% page_url 'portal:pricing' %}` and `{% id_url 'console:ticket_reply' ticket.pk %}`:
`{% url %}` for a page without arguments or with integer ids, reversed once per URL
configuration (desk.core.addresses); the layouts' links and the request page's forms use them."""

from __future__ import annotations

from django import template

from desk.core.addresses import address_pattern, page_address

register = template.Library()


@register.simple_tag
def page_url(name: str) -> str:
    """The page's address (escaped like `{% url %}`'s, as every simple tag's answer is)."""
    return page_address(name)


@register.simple_tag
def id_url(name: str, *ids: int) -> str:
    """`{% url name id %}` for a page of integer ids (a request's forms post to
    `console:ticket_reply`, …): the address reversed once per URL configuration
    (`address_pattern`) with these ids joined in."""
    return address_pattern(name, len(ids))(*ids)
