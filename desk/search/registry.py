"""The kinds of objects that are indexed, each with the function that rebuilds its documents.

Apps above search register their kind in `AppConfig.ready()` (search imports none of them), so
`manage.py rebuild_search_index` can rebuild every kind.
"""

from __future__ import annotations

from collections.abc import Callable

Rebuild = Callable[[], int]  # rebuilds the kind's whole index, returns the documents written

_KINDS: dict[str, Rebuild] = {}


def register(kind: str, rebuild: Rebuild) -> None:
    _KINDS[kind] = rebuild


def kinds() -> dict[str, Rebuild]:
    return dict(_KINDS)
