"""Stable error codes of the knowledge base. Clients branch on `code`; messages are translated."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from desk.core.errors import DeskError, NotFound


def article_not_found() -> NotFound:
    return NotFound("kb_article_not_found", _("There is no such article."))


def title_empty() -> DeskError:
    return DeskError("kb_title_empty", _("Give the article a title."))


def title_too_long(max_length: int) -> DeskError:
    return DeskError(
        "kb_title_too_long", _("The title may be at most %(max)d characters."), max=max_length
    )


def body_empty() -> DeskError:
    return DeskError("kb_body_empty", _("Write the article's text."))


def body_too_long(max_length: int) -> DeskError:
    return DeskError(
        "kb_body_too_long", _("The text may be at most %(max)d characters."), max=max_length
    )


def description_too_long(max_length: int) -> DeskError:
    return DeskError(
        "kb_description_too_long",
        _("The summary may be at most %(max)d characters."),
        max=max_length,
    )


def slug_invalid() -> DeskError:
    return DeskError(
        "kb_slug_invalid",
        _("The address may hold only Latin letters, digits and hyphens (up to 120)."),
    )


def slug_taken() -> DeskError:
    return DeskError(
        "kb_slug_taken", _("Another article in this language already has this address.")
    )


def language_invalid() -> DeskError:
    return DeskError("kb_language_invalid", _("Articles are written in English or Russian."))


def language_taken() -> DeskError:
    return DeskError("kb_language_taken", _("The article already has a version in this language."))


def status_invalid() -> DeskError:
    return DeskError("kb_status_invalid", _("Choose draft or published."))


def audience_invalid() -> DeskError:
    return DeskError("kb_audience_invalid", _("Choose who may read the article."))


def category_invalid() -> DeskError:
    return DeskError("kb_category_invalid", _("Choose one of the categories."))


def deflection_invalid() -> DeskError:
    return DeskError("kb_deflection_invalid", _("This article cannot be counted."))
