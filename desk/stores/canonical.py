"""The canonical form of a store URL (PRODUCT.md §2, our policy).

scheme ignored; host lower-cased and IDNA-encoded; a leading `www.` and default ports (80, 443)
dropped; path kept without trailing slash (and without `.`/`..` segments); query and fragment
dropped. The result looks like `example.com/shop` or `xn--80aswg.xn--p1ai:8443`. Two spellings of
one store give one string, and the canonical form of a canonical form is itself.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit

import idna

from desk.stores import errors

MAX_INPUT = 2000
MAX_CANONICAL = 300
# "name:" at the start is a scheme unless what follows is a port ("example.com:8080/shop").
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):(?://|(?![0-9]*(?:[/?#]|$)))")
_WEB_SCHEME = re.compile(r"^https?:/*", re.IGNORECASE)
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_DEFAULT_PORTS = {80, 443}


def canonical_store_url(raw: str) -> str:
    """Return the canonical form or raise `invalid_store_url` with a reason."""
    text = (raw or "").strip()
    if not text:
        raise errors.invalid_store_url("empty")
    if len(text) > MAX_INPUT:
        raise errors.invalid_store_url("too_long")
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in text):
        raise errors.invalid_store_url("host")
    scheme = _SCHEME.match(text)
    if scheme and scheme.group(1).lower() not in {"http", "https"}:
        raise errors.invalid_store_url("scheme")
    # "https://x", "http:/x", "HTTPS:x" and "//x" all name the host x.
    text = "http://" + _WEB_SCHEME.sub("", text).lstrip("/")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise errors.invalid_store_url("port") from exc
    if parts.username is not None or parts.password is not None:
        raise errors.invalid_store_url("credentials")
    if port == 0:
        raise errors.invalid_store_url("port")
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
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return f"[{address}]" if address.version == 6 else str(address)
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as exc:
        raise errors.invalid_store_url("host") from exc
    # Strip every leading "www." (so the result is stable), but keep a bare "www.com".
    while ascii_host.startswith("www.") and ascii_host.count(".") >= 2:
        ascii_host = ascii_host[4:]
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or len(labels) < 2 or not all(_LABEL.match(lb) for lb in labels):
        raise errors.invalid_store_url("host")
    if labels[-1].isdigit():  # "1.2.3" is neither a domain nor an address
        raise errors.invalid_store_url("host")
    return ascii_host


def _canonical_path(path: str) -> str:
    # Re-quote so that "/магазин" and "/%D0%BC%D0%B0..." are one path; keep case (paths are
    # case-sensitive on most servers). quote(unquote(p)) is a fixed point, hence idempotent.
    decoded = unquote(path)
    if any(unicodedata.category(ch) == "Cc" for ch in decoded):
        raise errors.invalid_store_url("host")
    segments: list[str] = []
    for segment in decoded.split("/"):
        if segment in {"", "."}:
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    if not segments:
        return ""
    return "/" + quote("/".join(segments), safe="/-._~!$&'()*+,;=:@")


def display_store_url(canonical: str) -> str:
    """A canonical URL as people write it: its IDNA host in Unicode ("xn--80aairftm.xn--p1ai/shop"
    is "пример.рф/shop"). The canonical form stays the key; this is only what a page shows."""
    host, slash, path = canonical.partition("/")
    name, colon, port = host.partition(":")
    if "xn--" not in name or name.startswith("["):
        return canonical
    try:
        name = idna.decode(name, uts46=True)
    except (idna.IDNAError, UnicodeError):
        return canonical  # not valid IDNA after all: show what is stored
    return f"{name}{colon}{port}{slash}{path}"
