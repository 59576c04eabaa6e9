"""The canonical form of a store URL (PRODUCT.md §2, our policy).

scheme ignored; host lower-cased and IDNA-encoded; a leading `www.` and default ports (80, 443)
dropped; path kept without trailing slash; query and fragment dropped. The result looks like
`example.com/shop` or `xn--80aswg.xn--p1ai:8443`. Two spellings of one store give one string.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, unquote, urlsplit

import idna

from desk.stores import errors

MAX_INPUT = 2000
MAX_CANONICAL = 300
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_DEFAULT_PORTS = {80, 443}


def canonical_store_url(raw: str) -> str:
    """Return the canonical form or raise `invalid_store_url` with a reason."""
    text = (raw or "").strip()
    if not text:
        raise errors.invalid_store_url("empty")
    if len(text) > MAX_INPUT or any(ch.isspace() for ch in text):
        raise errors.invalid_store_url("too_long" if len(text) > MAX_INPUT else "host")
    scheme = _SCHEME.match(text)
    if (
        scheme
        and scheme.group(1).lower() not in {"http", "https"}
        and not text[scheme.end() :].split("/")[0].isdigit()
    ):
        raise errors.invalid_store_url("scheme")
    if not text.lower().startswith(("http://", "https://")):
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise errors.invalid_store_url("port") from exc
    if parts.username is not None or parts.password is not None:
        raise errors.invalid_store_url("credentials")
    host = _canonical_host(parts.hostname or "")
    netloc = host if port is None or port in _DEFAULT_PORTS else f"{host}:{port}"
    result = netloc + _canonical_path(parts.path)
    if len(result) > MAX_CANONICAL:
        raise errors.invalid_store_url("too_long")
    return result


def _canonical_host(hostname: str) -> str:
    host = hostname.strip().rstrip(".").lower()
    if not host:
        raise errors.invalid_store_url("host")
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        pass
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as exc:
        raise errors.invalid_store_url("host") from exc
    if ascii_host.startswith("www."):
        ascii_host = ascii_host[4:]
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or len(labels) < 2 or not all(_LABEL.match(lb) for lb in labels):
        raise errors.invalid_store_url("host")
    if labels[-1].isdigit():  # "1.2.3" is neither a domain nor an address
        raise errors.invalid_store_url("host")
    return ascii_host


def _canonical_path(path: str) -> str:
    # Re-quote so that "/магазин" and "/%D0%BC%D0%B0..." are one path; keep case (paths are
    # case-sensitive on most servers).
    normalized = quote(unquote(path), safe="/-._~!$&'()*+,;=:@")
    return re.sub(r"/{2,}", "/", normalized).rstrip("/")
