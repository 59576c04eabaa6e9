"""Addresses of pages without arguments (`{% url 'console:orders' %}`), reversed once per URL
configuration and script prefix instead of on every page.

Django's `reverse` walks the resolver's tables, quotes and joins on every call: some 40 µs,
twenty times on every page for the header's and footer's links. The answer for a name without
arguments depends only on the URL configuration (its resolver, which Django rebuilds when
ROOT_URLCONF changes) and the script prefix, which are part of the key: it can never be stale.

`address_pattern(name, arity)` does the same for pages with integer ids (`console:ticket`): the
address is reversed once with stand-in ids, and each row's address is the fixed pieces joined
around its own ids.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import URLResolver, get_resolver, get_script_prefix, get_urlconf, reverse


def page_address(name: str) -> str:
    """`reverse(name)` for a URL name that takes no arguments."""
    urlconf = get_urlconf()
    return _reversed(get_resolver(urlconf), urlconf, get_script_prefix(), name)


@lru_cache(maxsize=1024)
def _reversed(resolver: URLResolver, urlconf: str | None, prefix: str, name: str) -> str:
    # The resolver (rebuilt when ROOT_URLCONF changes) and the prefix, which `reverse` reads
    # itself, only key the entry.
    return reverse(name, urlconf=urlconf)


# Ids no page has, reversed in place of a row's own ids and then cut out of the address
_STAND_INS = (987654321, 987654322, 987654323)


class AddressPattern:
    """A URL name's address with its integer ids left open: `pattern(7)` is
    `reverse(name, args=[7])`, made by joining the fixed pieces around the ids."""

    __slots__ = ("_pieces",)

    def __init__(self, address: str, arity: int) -> None:
        pieces: list[str] = []
        rest = address
        for stand_in in _STAND_INS[:arity]:
            before, found, rest = rest.partition(str(stand_in))
            if not found or str(stand_in) in rest:
                raise ValueError(f"{address!r} does not hold the id {stand_in} once")
            pieces.append(before)
        pieces.append(rest)
        self._pieces = tuple(pieces)

    def __call__(self, *ids: int) -> str:
        pieces = self._pieces
        if len(ids) != len(pieces) - 1:
            raise TypeError(f"the address takes {len(pieces) - 1} ids, not {len(ids)}")
        parts = [pieces[0]]
        for number, piece in zip(ids, pieces[1:], strict=True):
            parts.append(str(int(number)))
            parts.append(piece)
        return "".join(parts)


def address_pattern(name: str, arity: int = 1) -> AddressPattern:
    """The address of `name` as a function of its `arity` integer ids, for pages that link
    many rows (a queue, a search, a conversation): one `reverse` per URL configuration and
    script prefix instead of one per row."""
    if not 1 <= arity <= len(_STAND_INS):
        raise ValueError(f"an address pattern takes 1 to {len(_STAND_INS)} ids")
    urlconf = get_urlconf()
    return _pattern(get_resolver(urlconf), urlconf, get_script_prefix(), name, arity)


@lru_cache(maxsize=256)
def _pattern(
    resolver: URLResolver, urlconf: str | None, prefix: str, name: str, arity: int
) -> AddressPattern:
    return AddressPattern(reverse(name, urlconf=urlconf, args=_STAND_INS[:arity]), arity)
