"""Placeholders fill in one pass; unknown or empty ones stay visible and are reported."""

from __future__ import annotations

import pytest

from desk.replies.placeholders import placeholders_in, render, unknown_placeholders

VALUES = {"customer_name": "Alice", "ticket_number": "REQ-000007", "reply_due": ""}


@pytest.mark.parametrize(
    ("template", "text", "unfilled"),
    [
        ("Hi {customer_name}", "Hi Alice", ()),
        ("{ticket_number}: {customer_name}", "REQ-000007: Alice", ()),
        ("Due {reply_due}", "Due {reply_due}", ("reply_due",)),
        ("Hi {nickname} {nickname}", "Hi {nickname} {nickname}", ("nickname",)),
        ("{customer_name.__class__} {0} {} {X}", "{customer_name.__class__} {0} {} {X}", ()),
        ("no placeholders", "no placeholders", ()),
    ],
)
def test_render(template, text, unfilled):
    # when
    rendered = render(template, VALUES)
    # then
    assert (rendered.text, rendered.unfilled) == (text, unfilled)


def test_a_value_is_never_expanded_again():
    # given a customer whose name looks like a placeholder
    values = {"customer_name": "{ticket_number} <b>", "ticket_number": "REQ-1"}
    # when
    rendered = render("Hi {customer_name}, {ticket_number}", values)
    # then
    assert rendered.text == "Hi {ticket_number} <b>, REQ-1"
    assert rendered.unfilled == ()


def test_unknown_placeholders_are_named_once_in_order():
    assert placeholders_in("{b} {a} {b}") == ("b", "a")
    assert unknown_placeholders("{customer_name} {shop} {store_url} {shop}") == ("shop",)
