"""Fair use as CSV: both tables of the page, customer-typed text defused."""

from __future__ import annotations

from django.urls import reverse

from desk.console.tests import test_reports_fair_use
from desk.console.tests.test_reports_csv import _rows

thresholds = test_reports_fair_use.thresholds
usage = test_reports_fair_use.usage


def test_flagged_and_heaviest_rows_with_a_formula_name_defused(client, alice, engineer_en, usage):
    # given Alice named herself as a spreadsheet formula
    alice.full_name = "=cmd|' /C calc'!A0"
    alice.save(update_fields=["full_name"])
    client.force_login(engineer_en.user)

    # when
    rows = _rows(client.get(reverse("console:fair_use_csv")))

    # then
    assert rows[0] == [
        "Section",
        "Store",
        "Customer",
        "Email",
        "Plan",
        "Flagged",
        "Requests",
        "Replies",
        "Of allowance, %",
    ]
    flagged = [row for row in rows if row[0] == "Awaiting review"]
    assert [row[1:5] for row in flagged] == [
        ["alice-shop.example", "'=cmd|' /C calc'!A0", alice.email, "Support subscription, 1 month"]
    ]
    assert flagged[0][5].startswith(str(usage["alice"].fair_use_flagged_at.year))  # ISO
    assert flagged[0][6:] == ["3", "0", "150"]
    heaviest = [row[1] for row in rows if row[0] == "Heaviest usage"]
    assert heaviest == ["alice-shop.example", "bob-shop.example"]
