"""Render `templates/mail/<name>.<lang>.{subject.txt,txt,html}` in the recipient's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from desk.accounts.models import Language
from desk.outbox.headers import one_line


@dataclass(frozen=True, slots=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def template_names(template: str, language: str) -> tuple[str, str, str]:
    base = f"mail/{template}.{language}"
    return f"{base}.subject.txt", f"{base}.txt", f"{base}.html"


def _render(name: str, context: dict[str, Any], *, autoescape: bool) -> str:
    # Plain-text parts and subjects must not be HTML-escaped ("Tom & Jerry", not "&amp;").
    engine_template = get_template(name).template  # type: ignore[attr-defined]
    return str(engine_template.render(Context(context, autoescape=autoescape)))


def render_mail(template: str, language: str, context: dict[str, Any]) -> RenderedMail:
    language = language if language in Language.values else Language.EN
    full = {"site_url": settings.SITE_URL.rstrip("/"), "language": language, **context}
    subject_name, text_name, html_name = template_names(template, language)
    with translation.override(language):
        return RenderedMail(
            subject=one_line(_render(subject_name, full, autoescape=False), limit=250),
            text=_render(text_name, full, autoescape=False).strip() + "\n",
            html=_render(html_name, full, autoescape=True),
        )
