"""HTML of incoming mail, sanitised with nh3 under a time limit.

nh3 is linear and fast, but a hostile message is not our only worry: if sanitising takes longer
than DESK_MAIL_SANITIZE_TIMEOUT_SECONDS the caller falls back to the text part.
"""

from __future__ import annotations

import html
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import nh3
from django.conf import settings

_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail-sanitize")


def clean_html(markup: str) -> str:
    return str(nh3.clean(markup))


def html_to_text(markup: str) -> str:
    stripped = str(nh3.clean(markup, tags=set()))
    return "\n".join(line.strip() for line in html.unescape(stripped).splitlines()).strip()


def sanitize(markup: str) -> tuple[str, str] | None:
    """(safe HTML, its text) or None when sanitising took too long."""
    future = _POOL.submit(lambda: (clean_html(markup), html_to_text(markup)))
    try:
        return future.result(timeout=settings.DESK_MAIL_SANITIZE_TIMEOUT_SECONDS)
    except FutureTimeout:
        return None
