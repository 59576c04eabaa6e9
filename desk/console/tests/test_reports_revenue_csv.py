"""Revenue as CSV: amounts unformatted, refunds making a month negative included."""

from __future__ import annotations

from django.urls import reverse

from desk.console.tests import test_reports_revenue
from desk.console.tests.test_reports_csv import _rows

clock = test_reports_revenue.clock
orders = test_reports_revenue.orders


def test_revenue_csv_writes_amounts_unformatted_negative_included(client, staff_admin, orders):
    # given the staff admin (no engineer) who may see revenue
    client.force_login(staff_admin)

    # when
    rows = _rows(client.get(reverse("console:revenue_csv")))

    # then
    assert rows[0] == [
        "Month",
        "Subscriptions",
        "Incident credits",
        "Quotes",
        "Paid",
        "Paid orders",
        "Refunds",
        "Refunded orders",
        "Net",
    ]
    june = next(row for row in rows if row[0] == "2025-06")
    assert june == ["2025-06", "-841.00", "0.00", "0.00", "149.00", "1", "990.00", "1", "-841.00"]
    assert len(rows) == 13
