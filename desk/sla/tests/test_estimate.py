"""The expected reply time (DB-free): the typical recent reply or the queue wait, whichever is
longer, on working time; never later than the guarantee, and how close it comes."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.sla import shifts
from desk.sla.deadlines import BusinessDays, working_due
from desk.sla.estimate import (
    HANDLING_TIME,
    QueueSnapshot,
    ahead_that_counts,
    expected_reply,
    typical_reply,
)
from desk.sla.tests.test_calendar_moscow import moscow_support_hours, msk

CALENDAR = moscow_support_hours()
HOTRUSH = timedelta(hours=2)


def minutes(value: float) -> timedelta:
    return timedelta(minutes=value)


def snapshot(
    now: datetime, guarantee: datetime, ahead: int, engineers: int, typical: timedelta
) -> QueueSnapshot:
    """`engineers` engineers who all work the support hours."""
    return QueueSnapshot(
        now=now,
        guarantee=guarantee,
        ahead=ahead,
        shifts=[CALENDAR] * engineers,
        typical_reply=typical,
    )


@pytest.mark.parametrize(
    ("now", "ahead", "engineers", "typical", "expected"),
    [
        # Thursday 18:00, nothing ahead, 3 engineers replying in 20 min: 18:20
        (msk(2027, 3, 4, 18), 0, 3, minutes(20), msk(2027, 3, 4, 18, 20)),
        # 5 ahead, 2 engineers: the 3rd round of 20 min each, 60 min
        (msk(2027, 3, 2, 10), 5, 2, minutes(20), msk(2027, 3, 2, 11)),
        # a slow history (3 h) is the floor; rounds are capped at 2 * HANDLING_TIME = 60 min
        (msk(2027, 3, 2, 10), 3, 2, minutes(180), msk(2027, 3, 2, 13)),
        # 7 ahead, 2 engineers, typical 3 h: 4 rounds of 60 min exceed the typical reply
        (msk(2027, 3, 2, 10), 7, 2, minutes(180), msk(2027, 3, 2, 14)),
        # Saturday 17:50 with 11 ahead, 3 engineers: 4 rounds of 30 min, i.e. Sunday 11:50
        (msk(2027, 3, 6, 17, 50), 11, 3, minutes(30), msk(2027, 3, 7, 11, 50)),
        # outside working hours the clock waits for the opening: Mon 06:00 + 10 min
        (msk(2027, 3, 1, 3), 0, 3, minutes(10), msk(2027, 3, 1, 6, 10)),
    ],
)
def test_expected_reply_runs_on_working_time(now, ahead, engineers, typical, expected):
    # given: a common request, due the next business day
    guarantee = working_due(CALENDAR, now, BusinessDays(1))
    # when / then
    assert expected_reply(CALENDAR, snapshot(now, guarantee, ahead, engineers, typical)) == expected


def test_a_quiet_fast_desk_expects_the_reply_well_before_the_guarantee():
    # given: Thursday 18:00 Moscow; five replies in two weeks, typically in 20 working minutes;
    # 3 engineers on shift and nothing ahead (the old throughput model said "the guarantee")
    now = msk(2027, 3, 4, 18)
    guarantee = working_due(CALENDAR, now, BusinessDays(1))
    history = [(False, 60 * m) for m in (12, 18, 20, 25, 40)]
    typical = typical_reply(history, is_hotrush=False)

    # when
    expected = expected_reply(CALENDAR, snapshot(now, guarantee, 0, 3, typical))

    # then
    assert (typical, guarantee, expected) == (
        minutes(20),
        msk(2027, 3, 5, 18),
        msk(2027, 3, 4, 18, 20),
    )


@pytest.mark.parametrize("typical", [minutes(0), minutes(20), minutes(600)])
def test_no_engineers_means_the_guarantee(typical):
    now = msk(2027, 3, 2, 10)
    guarantee = working_due(CALENDAR, now, HOTRUSH)

    assert expected_reply(CALENDAR, snapshot(now, guarantee, 5, 0, typical)) == guarantee


@pytest.mark.parametrize(("ahead", "typical"), [(40, minutes(30)), (0, minutes(150))])
def test_a_long_queue_or_a_slow_history_is_capped_at_the_guarantee(ahead, typical):
    now = msk(2027, 3, 2, 10)
    guarantee = working_due(CALENDAR, now, HOTRUSH)

    assert expected_reply(CALENDAR, snapshot(now, guarantee, ahead, 2, typical)) == guarantee


@pytest.mark.parametrize(
    ("history", "is_hotrush", "typical"),
    [
        # the median of the same flag; the other flag is ignored
        ([(False, 600), (False, 1200), (False, 6000), (True, 60)], False, minutes(20)),
        # an even count: the mean of the middle two
        ([(True, 100), (True, 300), (False, 9000)], True, timedelta(seconds=200)),
        # nothing with the same flag: the other flag's median
        ([(False, 900)], True, minutes(15)),
        # no history: the policy default
        ([], False, HANDLING_TIME),
    ],
)
def test_typical_reply(history, is_hotrush, typical):
    assert typical_reply(history, is_hotrush=is_hotrush) == typical


def test_simulation_the_estimate_is_never_later_than_the_guarantee():
    # given: 1,000 random queues over a year of the support calendar (seeded: reproducible)
    rng = random.Random(20270301)
    start = datetime(2027, 1, 1, tzinfo=UTC)
    gaps, capped = [], 0
    for _ in range(1000):
        now = start + timedelta(seconds=rng.randrange(365 * 86400))
        target = HOTRUSH if rng.random() < 0.3 else BusinessDays(1)
        guarantee = working_due(CALENDAR, now, target)
        queue = snapshot(
            now,
            guarantee,
            ahead=rng.randrange(0, 60),
            engineers=rng.randrange(0, 8),
            typical=minutes(rng.choice([5, 10, 20, 30, 45, 60, 120, 240, 600])),
        )

        # when
        expected = expected_reply(CALENDAR, queue)

        # then
        assert expected <= guarantee
        assert expected >= now
        gap = CALENDAR.elapsed(expected, guarantee)
        gaps.append(gap.total_seconds() / 60)
        capped += expected == guarantee

    # how close it comes, in working minutes before the guarantee
    summary = {
        "capped_at_guarantee": capped,
        "median_gap_min": round(statistics.median(gaps)),
        "p90_gap_min": round(statistics.quantiles(gaps, n=10)[-1]),
        "median_gap_when_not_capped_min": round(statistics.median(g for g in gaps if g > 0)),
    }
    print(summary)  # noqa: T201  # the brief asks to show how close the estimate comes
    assert summary == SIMULATION_SUMMARY


# 406 of 1,000 queues are promised the guarantee itself: 111 with no engineer, the rest with up
# to 59 requests ahead (a Hotrush allows only 2 working hours). The median gap is 180 working
# minutes; when not capped, the expectation comes a median 634 working minutes (~10.5 h) early.
SIMULATION_SUMMARY = {
    "capped_at_guarantee": 406,
    "median_gap_min": 180,
    "p90_gap_min": 1020,
    "median_gap_when_not_capped_min": 634,
}


@pytest.mark.parametrize(
    ("typical", "expected"),
    [(minutes(0), msk(2027, 3, 5, 6)), (minutes(10), msk(2027, 3, 5, 6, 10))],
)
def test_a_request_sent_while_support_is_closed_is_never_expected_before_it_opens(
    typical, expected
):
    # given: Friday 04:02 Moscow, support opens at 06:00
    now = msk(2027, 3, 5, 4, 2)
    guarantee = working_due(CALENDAR, now, BusinessDays(1))

    # when / then
    assert expected_reply(CALENDAR, snapshot(now, guarantee, 0, 2, typical)) == expected


def _pattern(weekly, days_off=()):
    return shifts.shift_calendar("Europe/Moscow", weekly, days_off)


WEEKDAYS_ONLY = ("mon", "tue", "wed", "thu", "fri")
NIGHTS = _pattern({key: [["22:00", "06:00"]] for key in WEEKDAYS_ONLY})
MORNINGS = _pattern({key: [["06:00", "14:00"]] for key in WEEKDAYS_ONLY})


def _with_shifts(now, guarantee, ahead, calendars, typical):
    return QueueSnapshot(
        now=now, guarantee=guarantee, ahead=ahead, shifts=calendars, typical_reply=typical
    )


def test_only_time_on_shift_counts():
    # given: Monday 13:00, 3 ahead, 30 minutes a request; a morning engineer (to 14:00) and a
    # night engineer (from 22:00)
    now = msk(2027, 3, 1, 13)
    guarantee = working_due(CALENDAR, now, BusinessDays(1))  # Tuesday 13:00
    queue = _with_shifts(now, guarantee, 3, [MORNINGS, NIGHTS], minutes(30))

    # when
    expected = expected_reply(CALENDAR, queue)

    # then: mornings answers 13:00-13:30 and 13:30-14:00; nights takes the third at 22:00-22:30
    # and ours at 22:30-23:00
    assert expected == msk(2027, 3, 1, 23)


def test_an_engineer_on_leave_does_not_count():
    # given: the same queue, the night engineer on leave on Monday
    now = msk(2027, 3, 1, 13)
    guarantee = working_due(CALENDAR, now, BusinessDays(1))
    away = _pattern({key: [["22:00", "06:00"]] for key in WEEKDAYS_ONLY}, [date(2027, 3, 1)])
    queue = _with_shifts(now, guarantee, 3, [MORNINGS, away], minutes(30))

    # when / then: the morning engineer's next shift, Tuesday 06:00-07:00, answers the last two
    assert expected_reply(CALENDAR, queue) == msk(2027, 3, 2, 7)


def test_nobody_on_shift_before_the_guarantee_means_the_guarantee():
    now = msk(2027, 3, 1, 15)
    guarantee = working_due(CALENDAR, now, HOTRUSH)  # 17:00
    queue = _with_shifts(now, guarantee, 0, [NIGHTS], minutes(10))

    assert expected_reply(CALENDAR, queue) == guarantee


SHIFT_PATTERNS = [CALENDAR, NIGHTS, MORNINGS]


@settings(max_examples=300, deadline=None)
@given(
    offset=st.integers(min_value=0, max_value=365 * 86400),
    hotrush=st.booleans(),
    picked=st.lists(st.sampled_from(SHIFT_PATTERNS), max_size=6),
    typical_minutes=st.sampled_from([0, 1, 5, 20, 30, 45, 60, 120, 600, 2000]),
    ahead=st.integers(min_value=0, max_value=400),
)
def test_counting_the_queue_past_the_bound_never_moves_the_estimate(
    offset, hotrush, picked, typical_minutes, ahead
):
    # given: a random moment of a year, a guarantee, random engineers' shifts and history
    now = datetime(2027, 1, 1, tzinfo=UTC) + timedelta(seconds=offset)
    guarantee = working_due(CALENDAR, now, HOTRUSH if hotrush else BusinessDays(1))
    on_shift = [shift for shift in picked if shift.elapsed(now, guarantee)]
    typical = minutes(typical_minutes)

    # when: the queue is counted only up to the bound
    bound = ahead_that_counts(CALENDAR, now, guarantee, on_shift, typical)
    counted = _with_shifts(now, guarantee, min(ahead, bound), on_shift, typical)
    exact = _with_shifts(now, guarantee, ahead, on_shift, typical)

    # then: the promise is the one the whole queue gives
    assert expected_reply(CALENDAR, counted) == expected_reply(CALENDAR, exact)


def test_the_bound_is_what_the_shifts_can_answer_before_the_guarantee():
    # given: Monday 13:00 Moscow, due Tuesday 13:00 (19 working hours on the support calendar),
    # three engineers on the support hours, 30 working minutes a request
    now = msk(2027, 3, 1, 13)
    guarantee = working_due(CALENDAR, now, BusinessDays(1))

    # when
    bound = ahead_that_counts(CALENDAR, now, guarantee, [CALENDAR] * 3, minutes(30))

    # then: 38 each, and one more
    assert bound == 3 * 38 + 1
    # and a history slower than the whole window, or no engineer, needs no count at all
    assert ahead_that_counts(CALENDAR, now, guarantee, [CALENDAR], minutes(60 * 30)) == 0
    assert ahead_that_counts(CALENDAR, now, guarantee, [], minutes(30)) == 1
