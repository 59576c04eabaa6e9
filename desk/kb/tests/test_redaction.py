"""A reply becomes a draft without the customer's data."""

from __future__ import annotations

import pytest

from desk.kb.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to alice@example.com today", "Write to [email] today"),
        ("Open https://shop.example/admin?x=1 now", "Open [link] now"),
        ("Server 192.168.10.5 answers", "Server [IP address] answers"),
        ("Call +7 (499) 608-8900 please", "Call [phone] please"),
        ("Version 3.2.1 of the module", "Version 3.2.1 of the module"),
        ("Hello Alice Archer, Alice here", "Hello [customer], [customer] here"),
        ("Your store shop.example is fine", "Your store [customer] is fine"),
    ],
)
def test_redact(text, expected):
    assert redact(text, known=["Alice Archer", "Alice", "shop.example"]) == expected


def test_short_terms_are_not_replaced():
    assert redact("An Al at work", known=["Al"]) == "An Al at work"
