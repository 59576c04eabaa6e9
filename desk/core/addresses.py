"""Addresses of pages without arguments (`{% url 'console:orders' %}`), reversed once per URL
configuration and script prefix instead of on every page.

Django's `reverse` walks the resolver's tables, quotes and joins on every call: some 40 µs,
twenty times on every page for the header's and footer's links. The answer for a name without
arguments depends only on the URL configuration (its resolver, which Django rebuilds when
ROOT_URLCONF changes) and the script prefix, which are part of the key: it can never be stale.
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
