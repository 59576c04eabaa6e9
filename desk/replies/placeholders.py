"""Placeholders of canned replies: "{customer_name}" and friends, filled in one pass.

Pure: takes the template text and plain string values, returns plain text. `str.format` is never
used (a template could reach attributes through it); a value is inserted as it is and never
scanned again, so a customer named "{ticket_number}" stays that name. A placeholder without a
value stays visible in the text and is reported, so the engineer fills it in by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,40})\}")

KNOWN = ("customer_name", "ticket_number", "engineer_name", "store_url", "reply_due")


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    unfilled: tuple[str, ...]  # placeholders left in the text as written, in order, once each


def placeholders_in(template: str) -> tuple[str, ...]:
    """Names of the placeholders in `template`, in order of first appearance."""
    return tuple(dict.fromkeys(PLACEHOLDER.findall(template)))


def unknown_placeholders(template: str) -> tuple[str, ...]:
    return tuple(name for name in placeholders_in(template) if name not in KNOWN)


def render(template: str, values: Mapping[str, str]) -> Rendered:
    """Replace every placeholder that has a non-empty value; leave the others as written."""
    unfilled: dict[str, None] = {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name, "")
        if not value:
            unfilled[name] = None
            return match.group(0)
        return value

    return Rendered(PLACEHOLDER.sub(fill, template), tuple(unfilled))
