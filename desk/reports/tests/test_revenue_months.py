"""Months of the revenue report and the kind of an order: pure, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from desk.reports.revenue import kind_of, month_starts


@pytest.mark.parametrize(
    ("today", "count", "expected"),
    [
        (date(2025, 6, 15), 1, [date(2025, 6, 1)]),
        (date(2025, 6, 1), 3, [date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)]),
        (date(2025, 2, 28), 3, [date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]),
        (date(2025, 1, 31), 2, [date(2024, 12, 1), date(2025, 1, 1)]),
    ],
)
def test_month_starts_end_with_the_current_month(today, count, expected):
    assert month_starts(today, count) == expected


def test_twelve_months_span_a_year_without_gaps():
    months = month_starts(date(2025, 6, 15), 12)
    assert (months[0], months[-1], len(set(months))) == (date(2024, 7, 1), date(2025, 6, 1), 12)


@pytest.mark.parametrize(
    ("plan_kind", "kind"),
    [("subscription", "subscription"), ("incident", "incident"), (None, "quote"), ("", "quote")],
)
def test_an_order_without_a_plan_is_a_quote(plan_kind, kind):
    assert kind_of(plan_kind) == kind
