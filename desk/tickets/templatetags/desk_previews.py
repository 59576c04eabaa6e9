"""`{% if attachment|preview_kind %}`: whether an attachment gets an image preview."""

from __future__ import annotations

from django import template

from desk.tickets import previews
from desk.tickets.models import Attachment

register = template.Library()


@register.filter
def preview_kind(attachment: Attachment) -> str:
    return previews.preview_kind(attachment) or ""
