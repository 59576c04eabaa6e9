"""The estimate's simulation (desk/sla/tests/test_estimate.py) rerun with engineers on shifts.

The same 1,000 random queues over 2027 (same seed: requests at any hour, 30 % Hotrush, 0-59
requests ahead, 0-7 engineers, a typical reply of 5 minutes to 10 hours), answered three ways:

* `support_hours`: every engineer works the whole support hours (the test's assumption);
* `shifts`: each engineer works one of the 8 shift patterns of bench/routing_week.py (drawn at
  random), as the estimate now counts them: only time on shift inside the window;
* `shifts_ignored`: the same shifted staff, but estimated as if all worked the support hours
  (what the estimate said before shifts existed), checked against the `shifts` answer.

Reported per way: how many are promised the guarantee itself, the median and p90 gap between
the expectation and the guarantee (working minutes), and for `shifts_ignored` how many
expectations came earlier than the shift-aware one (too optimistic) and by how much.

    .venv/bin/python -m bench.estimate_shifts       # a few seconds
"""

from __future__ import annotations

import json
import random
import statistics
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.routing_week import ENGINEERS
from desk.sla import shifts
from desk.sla.calendar import BusinessCalendar
from desk.sla.deadlines import BusinessDays, working_due
from desk.sla.estimate import QueueSnapshot, expected_reply

SEED, QUEUES = 20270301, 1000  # the test's seed: the same queues
HOTRUSH = timedelta(hours=2)
WEEKDAY_NIGHTS = [("06:00", "01:00")]
WEEKEND = [("10:00", "18:00")]


def support_hours() -> BusinessCalendar:
    """desk/sla/tests/test_calendar_moscow.py's calendar (with its 2027 specials)."""
    weekdays = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), WEEKDAY_NIGHTS)
    return BusinessCalendar(
        time_zone="Europe/Moscow",
        weekly={**weekdays, "sat": WEEKEND, "sun": WEEKEND},
        holidays=[date(2027, 1, 1), date(2027, 2, 23)],
        date_overrides={date(2027, 3, 7): [("10:00", "14:00")]},
    )


def summary(gaps: list[float], capped: int) -> dict[str, Any]:
    return {
        "capped_at_guarantee": capped,
        "median_gap_min": round(statistics.median(gaps)),
        "p90_gap_min": round(statistics.quantiles(gaps, n=10)[-1]),
    }


def simulate() -> dict[str, Any]:
    calendar = support_hours()
    patterns = [shifts.shift_calendar(zone, weekly) for _n, _e, _r, zone, weekly in ENGINEERS]
    rng = random.Random(SEED)
    draw = random.Random(SEED + 1)  # the shift draws: the queues stay the test's
    start = datetime(2027, 1, 1, tzinfo=UTC)
    ways: dict[str, tuple[list[float], list[int]]] = {
        way: ([], [0]) for way in ("support_hours", "shifts", "shifts_ignored")
    }
    optimistic: list[float] = []
    nobody_on_shift = 0
    for _ in range(QUEUES):
        now = start + timedelta(seconds=rng.randrange(365 * 86400))
        target = HOTRUSH if rng.random() < 0.3 else BusinessDays(1)
        guarantee = working_due(calendar, now, target)
        ahead = rng.randrange(0, 60)
        engineers = rng.randrange(0, 8)
        typical = timedelta(minutes=rng.choice([5, 10, 20, 30, 45, 60, 120, 240, 600]))
        staff = [draw.choice(patterns) for _ in range(engineers)]

        def expect(calendars: list[BusinessCalendar]) -> datetime:
            queue = QueueSnapshot(now, guarantee, ahead, calendars, typical)  # noqa: B023
            return expected_reply(calendar, queue)

        answers = {
            "support_hours": expect([calendar] * engineers),
            "shifts": expect(staff),
            "shifts_ignored": expect([calendar] * engineers),
        }
        if engineers and not any(s.elapsed(now, guarantee) for s in staff):
            nobody_on_shift += 1
        for way, expected in answers.items():
            assert now <= expected <= guarantee
            gaps, capped = ways[way]
            gaps.append(calendar.elapsed(expected, guarantee).total_seconds() / 60)
            capped[0] += expected == guarantee
        if answers["shifts_ignored"] < answers["shifts"]:
            too_early = calendar.elapsed(answers["shifts_ignored"], answers["shifts"])
            optimistic.append(too_early.total_seconds() / 60)
    result: dict[str, Any] = {way: summary(g, c[0]) for way, (g, c) in ways.items()}
    result["shifted_staff_nobody_on_shift_before_the_guarantee"] = nobody_on_shift
    result["shifts_ignored_too_early"] = {
        "count": len(optimistic),
        "median_min": round(statistics.median(optimistic)) if optimistic else 0,
        "p90_min": round(statistics.quantiles(optimistic, n=10)[-1]) if len(optimistic) > 1 else 0,
    }
    return result


def run() -> dict[str, Any]:
    result = simulate()
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    run()
