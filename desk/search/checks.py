"""Validation of what people type into a search box."""

from __future__ import annotations

from desk.search import errors, text


def check_query(query: str | None) -> list[str]:
    """The query's distinct words. Raises `search_query_empty` (nothing to search for, or only
    punctuation), `search_query_too_long`, `search_query_too_many_words`."""
    query = (query or "").strip()
    if len(query) > text.MAX_QUERY_CHARS:
        raise errors.query_too_long(text.MAX_QUERY_CHARS)
    found = text.query_words(query)
    if not found:
        raise errors.query_empty()
    if len(found) > text.MAX_QUERY_WORDS:
        raise errors.query_too_many_words(text.MAX_QUERY_WORDS)
    return found
