"""Markup rules every template keeps, checked on the sources (no page needs rendering)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(
    path
    for folder in (ROOT / "templates", ROOT / "desk")
    for path in folder.rglob("*.html")
    if "/templates/" in path.as_posix()
)
# A live region on a list overrides the list's own role: screen readers then announce neither
# the list nor its items. The role goes on a wrapping element (templates/includes/form_field.html).
LIVE_ROLE_ON_LIST = re.compile(r"<(?:ul|ol)\b[^>]*\brole=\"(?:alert|status|log)\"")


def test_templates_are_found():
    assert len(TEMPLATES) > 100


def test_no_list_carries_a_live_region_role():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if LIVE_ROLE_ON_LIST.search(line)
    ]
    assert offenders == []
