"""The seeded SLA calendars match the hours the public pages publish (desk.accounts.contact)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from desk.accounts import contact
from desk.sla.calendar import WEEKDAYS
from desk.sla.models import Calendar, SlaPolicy


def _weekly(rows: Sequence[contact.WeeklyHours]) -> dict[str, list[list[str]]]:
    weekly: dict[str, list[list[str]]] = {}
    for row in rows:
        day = row.first_day
        while True:
            shift = [row.opens.strftime("%H:%M"), row.closes.strftime("%H:%M")]
            weekly.setdefault(WEEKDAYS[day], []).append(shift)
            if day == row.last_day:
                break
            day = (day + 1) % 7
    return weekly


@pytest.mark.parametrize(
    ("code", "published"),
    [("support-hours", contact.SUPPORT_HOURS), ("call-hours", contact.CALL_HOURS)],
)
def test_seeded_calendar_matches_the_published_hours(db, code, published):
    calendar = Calendar.objects.get(code=code)

    assert calendar.time_zone == contact.SUPPORT_TIME_ZONE
    assert calendar.weekly == _weekly(published)


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
