"""The seeded SLA calendars are PRODUCT.md §4's hours (the public pages render them)."""

from __future__ import annotations

from datetime import time

import pytest

from desk.sla.models import Calendar, SlaPolicy
from desk.sla.timetable import WeeklyHours, weekly_rows


@pytest.mark.parametrize(
    ("code", "published"),
    [
        (
            "support-hours",
            (WeeklyHours(0, 4, time(6), time(1)), WeeklyHours(5, 6, time(10), time(18))),
        ),
        ("call-hours", (WeeklyHours(0, 4, time(9), time(17)),)),
    ],
)
def test_seeded_calendar_matches_the_product_hours(db, code, published):
    calendar = Calendar.objects.get(code=code)

    assert calendar.time_zone == "Europe/Moscow"
    assert weekly_rows(calendar.weekly) == published


def test_seeded_policies(db):
    rows = SlaPolicy.objects.order_by("is_hotrush").values_list(
        "plan_id",
        "is_hotrush",
        "target_business_days",
        "target_minutes",
        "calendar__code",
        "warn_lead_minutes",
        "is_active",
    )

    assert [tuple(row) for row in rows] == [
        (None, False, 1, None, "support-hours", 30, True),
        (None, True, None, 120, "support-hours", 30, True),
    ]
