"""Due times with pauses and business-day targets (DB-free, table-driven)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from desk.sla.deadlines import (
    BusinessDays,
    Pause,
    working_budget,
    working_due,
    working_dues,
    working_dues_epoch,
)
from desk.sla.tests.test_calendar_moscow import moscow_support_hours, msk

HOTRUSH = timedelta(hours=2)
COMMON = BusinessDays(1)


@pytest.mark.parametrize(
    ("start", "budget", "pauses", "due"),
    [
        # no pause: plain working time
        (msk(2027, 3, 1, 10), HOTRUSH, [], msk(2027, 3, 1, 12)),
        # waiting on the customer for an hour in working time moves the due time by an hour
        (
            msk(2027, 3, 1, 10),
            HOTRUSH,
            [(msk(2027, 3, 1, 11), msk(2027, 3, 1, 12))],
            msk(2027, 3, 1, 13),
        ),
        # a pause outside working time changes nothing
        (
            msk(2027, 3, 1, 10),
            HOTRUSH,
            [(msk(2027, 3, 1, 2), msk(2027, 3, 1, 5))],
            msk(2027, 3, 1, 12),
        ),
        # a pause before the clock starts is ignored; one straddling the start counts from it
        (
            msk(2027, 3, 1, 10),
            HOTRUSH,
            [(msk(2027, 3, 1, 7), msk(2027, 3, 1, 10, 30))],
            msk(2027, 3, 1, 12, 30),
        ),
        # overlapping, unsorted pauses merge
        (
            msk(2027, 3, 1, 10),
            HOTRUSH,
            [
                (msk(2027, 3, 1, 11, 30), msk(2027, 3, 1, 12)),
                (msk(2027, 3, 1, 11), msk(2027, 3, 1, 11, 45)),
            ],
            msk(2027, 3, 1, 13),
        ),
        # a pause starting exactly when the budget runs out does not push the due time
        (
            msk(2027, 3, 1, 10),
            HOTRUSH,
            [(msk(2027, 3, 1, 12), msk(2027, 3, 2, 12))],
            msk(2027, 3, 1, 12),
        ),
        # Friday night: 1:30 before the tail ends, paused over Saturday morning, 0:30 after it
        (
            msk(2027, 3, 5, 23, 30),
            HOTRUSH,
            [(msk(2027, 3, 6, 9), msk(2027, 3, 6, 11))],
            msk(2027, 3, 6, 11, 30),
        ),
        # one business day from Friday 12:00 is Saturday 12:00 (the weekend shift opens)
        (msk(2027, 3, 5, 12), COMMON, [], msk(2027, 3, 6, 12)),
        # ... its 19 hours of working time are fixed when the clock starts, then paused
        (
            msk(2027, 3, 5, 12),
            COMMON,
            [(msk(2027, 3, 5, 13), msk(2027, 3, 5, 14))],
            msk(2027, 3, 6, 13),
        ),
        # from Mon 00:30 (closed): one business day is Tue 00:30, which is Monday's shift
        (msk(2027, 3, 1, 0, 30), COMMON, [], msk(2027, 3, 2, 0, 30)),
        # a target that ends outside working time runs out at the closing before it
        (msk(2027, 3, 6, 20), COMMON, [], msk(2027, 3, 7, 14)),
        (msk(2027, 3, 1, 10), timedelta(0), [], msk(2027, 3, 1, 10)),
        (msk(2027, 3, 1, 10), BusinessDays(0), [], msk(2027, 3, 1, 10)),
    ],
)
def test_working_due(
    start: datetime, budget: timedelta, pauses: list[Pause], due: datetime
) -> None:
    # given the support-hours calendar
    cal = moscow_support_hours()
    # when
    result = working_due(cal, start, budget, pauses)
    # then
    assert result == due


def test_a_business_day_target_becomes_a_working_budget_at_the_start() -> None:
    # given the support-hours calendar and a clock starting on Friday at noon
    cal = moscow_support_hours()
    # when / then: 13 hours to Saturday 01:00 and 2 hours on Saturday morning
    assert working_budget(cal, msk(2027, 3, 5, 12), COMMON) == timedelta(hours=15)
    assert working_budget(cal, msk(2027, 3, 5, 12), HOTRUSH) == HOTRUSH


@pytest.mark.parametrize(
    ("budget", "pauses", "message"),
    [
        (timedelta(hours=-1), [], "must not be negative"),
        (HOTRUSH, [(msk(2027, 3, 1, 12), msk(2027, 3, 1, 11))], "cannot end before it begins"),
    ],
)
def test_bad_inputs_are_refused(budget: timedelta, pauses: list[Pause], message: str) -> None:
    # given the support-hours calendar
    cal = moscow_support_hours()
    # when / then
    with pytest.raises(ValueError, match=message):
        working_due(cal, msk(2027, 3, 1, 10), budget, pauses)


def test_negative_business_days_are_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        BusinessDays(-1)


def test_the_batch_forms_match_working_due() -> None:
    # given open requests with mixed targets, a few of them paused
    cal, rng = moscow_support_hours(), random.Random(7)
    base = datetime(2027, 2, 1, tzinfo=UTC)
    starts = [base + timedelta(seconds=rng.uniform(0, 90 * 86_400)) for _ in range(400)]
    budgets = [COMMON if k % 3 else HOTRUSH for k in range(len(starts))]
    pauses = [
        [(start + timedelta(minutes=20), start + timedelta(hours=5))] if k % 5 == 0 else []
        for k, start in enumerate(starts)
    ]
    expected = [
        working_due(cal, start, budget, spans)
        for start, budget, spans in zip(starts, budgets, pauses, strict=True)
    ]
    # when
    dues = working_dues(cal, starts, budgets, pauses)
    epoch = working_dues_epoch(cal, [s.timestamp() for s in starts], COMMON)
    # then
    for due, want in zip(dues, expected, strict=True):
        assert abs(due - want) <= timedelta(microseconds=2)
    for start, seconds in zip(starts, epoch, strict=True):
        assert seconds == pytest.approx(working_due(cal, start, COMMON).timestamp(), abs=2e-6)


def test_the_batch_form_refuses_naive_datetimes() -> None:
    # given the support-hours calendar and a naive start among aware ones
    cal = moscow_support_hours()
    starts = [msk(2027, 3, 1, 10), datetime(2027, 3, 1, 10)]
    # when / then
    with pytest.raises(ValueError, match="timezone-aware"):
        working_dues(cal, starts, HOTRUSH)
