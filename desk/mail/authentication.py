"""Is the sender of an inbound message who the From header says? (issue 10, point 1)

Two kinds of proof, either is enough:

- **DKIM**, verified here with dkimpy over the raw bytes: a valid signature whose signing domain
  (`d=`) is the From domain or a parent of it (the alignment DMARC asks for). A signature limited
  to part of the body (`l=`) proves nothing about the rest and does not count.
- **Authentication-Results** (RFC 8601) written by *our* MTA: only headers whose authserv-id is in
  DESK_MAIL_TRUSTED_AUTHSERV_IDS count, and of those only the topmost one (the MTA prepends its
  own; anything below it came with the message). `dmarc=pass` with `header.from` = the From
  domain, or `dkim=pass` with an aligned `header.d`, authenticates. The MTA should also remove
  foreign headers that carry its authserv-id (RFC 8601 §5), as OpenDMARC and Rspamd do.

Nothing here raises on hostile input: a malformed signature or header simply proves nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import cache

import dkim  # type: ignore[import-untyped]
from django.conf import settings
from django.utils.module_loading import import_string

from desk.mail.parsing import ParsedMail

logger = logging.getLogger(__name__)
TxtResolver = Callable[..., bytes | None]
_PROPERTY = re.compile(r"([a-z0-9_.-]+)\s*=\s*\"?([^\s;\"]*)\"?", re.IGNORECASE)
_RESULT = re.compile(r"^\s*([a-z0-9_-]+)\s*=\s*([a-z]+)\b", re.IGNORECASE)


def is_aligned(signing_domain: str, from_domain: str) -> bool:
    """The signer is the From domain or one of its parents (never a child or a sibling)."""
    signer = signing_domain.strip().rstrip(".").lower()
    author = from_domain.strip().rstrip(".").lower()
    return bool(signer) and "." in signer and (author == signer or author.endswith("." + signer))


@cache
def _resolver(path: str) -> TxtResolver:
    return import_string(path)  # type: ignore[no-any-return]


def dkim_domains(raw: bytes) -> set[str]:
    """The domains of every DKIM signature of `raw` that verifies (no `l=` signatures)."""
    if not settings.DESK_MAIL_DKIM_VERIFY or b"dkim-signature" not in raw[:262_144].lower():
        return set()
    resolver = _resolver(settings.DESK_MAIL_DNS_TXT_RESOLVER)
    verifier = dkim.DKIM(raw, minkey=1024, timeout=settings.DESK_MAIL_DNS_TIMEOUT_SECONDS)
    passed = set()
    count = sum(1 for name, _ in verifier.headers if name.lower() == b"dkim-signature")
    for index in range(min(count, 5)):  # a message with dozens of signatures gets no more work
        try:
            valid = verifier.verify(idx=index, dnsfunc=resolver)
        except (dkim.DKIMException, ValueError, UnicodeError, IndexError, TypeError) as exc:
            logger.info("DKIM signature %d does not verify: %s", index, type(exc).__name__)
            continue
        fields = getattr(verifier, "signature_fields", {}) or {}
        if valid and b"l" not in fields and verifier.domain:
            passed.add(verifier.domain.decode("ascii", "replace").lower())
    return passed


def _trusted_results(parsed: ParsedMail) -> list[str]:
    """The clauses of the topmost Authentication-Results header of a trusted authserv-id."""
    trusted = {value.lower() for value in settings.DESK_MAIL_TRUSTED_AUTHSERV_IDS}
    for value in parsed.all("Authentication-Results"):
        parts = value.split(";")
        authserv = parts[0].strip().split()[0].lower() if parts[0].strip() else ""
        if authserv in trusted:
            return parts[1:]
    return []


def results_domains(parsed: ParsedMail, from_domain: str) -> set[str]:
    """Domains our MTA found aligned with `from_domain`: DMARC pass, or an aligned DKIM pass."""
    passed = set()
    for clause in _trusted_results(parsed):
        found = _RESULT.match(clause)
        if found is None:
            continue
        method, result = found[1].lower(), found[2].lower()
        tail = clause[found.end() :]
        properties = {key.lower(): val.lower() for key, val in _PROPERTY.findall(tail)}
        if result != "pass":
            continue
        if method == "dmarc" and properties.get("header.from", "") == from_domain:
            passed.add(from_domain)
        elif method == "dkim" and is_aligned(properties.get("header.d", ""), from_domain):
            passed.add(properties["header.d"])
    return passed


def authenticated_domain(*, raw: bytes, parsed: ParsedMail, sender: str) -> str:
    """The From domain when the message proves it comes from there, else ""."""
    from_domain = sender.rpartition("@")[2].lower()
    if not from_domain:
        return ""
    if results_domains(parsed, from_domain):
        return from_domain
    if any(is_aligned(domain, from_domain) for domain in dkim_domains(raw)):
        return from_domain
    return ""
