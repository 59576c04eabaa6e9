"""Stable error codes of search. Clients branch on `code`; messages are translated."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from desk.core.errors import DeskError


def query_empty() -> DeskError:
    return DeskError("search_query_empty", _("Enter one or more words to search for."))


def query_too_long(max_length: int) -> DeskError:
    return DeskError(
        "search_query_too_long",
        ngettext_lazy(
            "Search for at most %(max)d character.",
            "Search for at most %(max)d characters.",
            max_length,
        ),
        max=max_length,
    )


def query_too_many_words(max_words: int) -> DeskError:
    return DeskError(
        "search_query_too_many_words",
        ngettext_lazy(
            "Search for at most %(max)d word.",
            "Search for at most %(max)d words.",
            max_words,
        ),
        max=max_words,
    )
