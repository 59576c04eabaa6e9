"""The expected reply time's typical reply comes from each department's maintained row of recent
outcomes (`desk.tickets.recent_replies`) and equals what the estimate computed from the
outcomes themselves: the newest `HISTORY_LIMIT` of the last `HISTORY_WINDOW`, same Hotrush flag
first, then the other, then `HANDLING_TIME`."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.accounts.models import Department
from desk.sla import estimate
from desk.tickets import events, recent_replies
from desk.tickets.models import EventKind, RecentReplies, ReplyOutcome, Ticket
from desk.tickets.tests.builders import open_request

pytestmark = pytest.mark.django_db

LIMIT = 6  # a small history limit, so that the rows fill up and drop their oldest


def outcome(
    ticket: Ticket, at: datetime, *, seconds: int, hotrush: bool, started_at: datetime
) -> None:
    """An outcome recorded at `at` through the one recording path."""
    data = {"first": True, "hotrush": hotrush, "working_seconds_used": seconds}
    with mock.patch("desk.tickets.events.clock.now", return_value=at):
        events.record_sla_outcome(
            ticket,
            EventKind.SLA_MET,
            actor=None,
            started_at=started_at,
            due_at=at,
            data=data,
        )


def old_typical(department_id: int, *, is_hotrush: bool, now: datetime) -> timedelta:
    """What the estimate computed before the row existed: from the outcomes themselves."""
    history = recent_replies.recent_outcomes(department_id, now)
    return estimate.typical_reply(history, is_hotrush=is_hotrush)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_row_gives_what_the_outcomes_give(alice, alice_store, alice_subscription, seed):
    # given: 40 outcomes in two departments over 20 days (and one hour ahead), recorded out of
    # order, 3 of them at one instant, some Hotrush, some of no working time
    rng = random.Random(seed)
    now = datetime.fromisoformat("2026-11-20T12:00:00+00:00")
    service = Department.objects.get(code="customer-service")
    tickets = [
        open_request(alice, alice_store),
        open_request(alice, alice_store, department=service),
    ]
    moments = [now - timedelta(minutes=rng.randint(-60, 20 * 24 * 60)) for _ in range(37)]
    moments += [now - timedelta(days=3)] * 3
    rng.shuffle(moments)
    with mock.patch.object(estimate, "HISTORY_LIMIT", LIMIT):
        for number, at in enumerate(moments):
            outcome(
                rng.choice(tickets),
                at,
                seconds=rng.choice([0, rng.randint(1, 20_000)]),
                hotrush=rng.random() < 0.3,
                started_at=now - timedelta(days=30, seconds=number),
            )

        # when / then: at every moment around them, for both flags, the same typical reply
        for ticket in tickets:
            for hours in (-24 * 19, -24 * 8, -24 * 3, -30, -1, 0, 1, 2, 24 * 5, 24 * 13, 24 * 30):
                at = now + timedelta(hours=hours)
                for hotrush in (False, True):
                    department = ticket.department_id
                    assert recent_replies.typical_reply(
                        department, is_hotrush=hotrush, now=at
                    ) == old_typical(department, is_hotrush=hotrush, now=at), (hours, hotrush)

            # and the maintained row is the one rebuilt from the outcomes
            row = RecentReplies.objects.get(department_id=ticket.department_id)
            rebuilt = recent_replies.built(ticket.department_id)
            assert len(row.outcomes) == LIMIT
            assert (row.outcomes, row.oldest_micros, row.newest_micros) == (
                rebuilt.outcomes,
                rebuilt.oldest_micros,
                rebuilt.newest_micros,
            )
            assert (row.median_common, row.median_hotrush) == (
                rebuilt.median_common,
                rebuilt.median_hotrush,
            )


def test_a_recent_history_is_read_in_one_query(alice, alice_store, alice_subscription):
    # given: three common outcomes of 10, 20 and 50 minutes in the last day
    now = datetime.fromisoformat("2026-11-20T12:00:00+00:00")
    ticket = open_request(alice, alice_store)
    for number, minutes in enumerate((10, 20, 50)):
        at = now - timedelta(hours=number + 1)
        outcome(ticket, at, seconds=minutes * 60, hotrush=False, started_at=at - timedelta(hours=1))

    # when
    with CaptureQueriesContext(connection) as captured:
        common = recent_replies.typical_reply(ticket.department_id, is_hotrush=False, now=now)
        rush = recent_replies.typical_reply(ticket.department_id, is_hotrush=True, now=now)

    # then: the common median both times (no Hotrush history), one query each
    assert (common, rush) == (timedelta(minutes=20), timedelta(minutes=20))
    assert len(captured.captured_queries) == 2


def test_an_outcome_recorded_twice_is_kept_once(alice, alice_store, alice_subscription):
    # given: a recorded outcome
    now = datetime.fromisoformat("2026-11-20T12:00:00+00:00")
    ticket = open_request(alice, alice_store)
    outcome(ticket, now, seconds=600, hotrush=False, started_at=now - timedelta(hours=1))
    first = RecentReplies.objects.get().outcomes

    # when: the same outcome added again
    recorded = ReplyOutcome.objects.get()
    recent_replies.record(recorded)

    # then
    assert (
        RecentReplies.objects.get().outcomes
        == first
        == [[recent_replies.micros(now), recorded.pk, 0, 600]]
    )


def test_a_department_without_outcomes_gets_the_handling_time(alice, alice_store):
    department = Department.objects.get(code="customer-service")
    now = datetime.fromisoformat("2026-11-20T12:00:00+00:00")

    assert not RecentReplies.objects.exists()
    assert (
        recent_replies.typical_reply(department.pk, is_hotrush=False, now=now)
        == estimate.HANDLING_TIME
    )


def test_rebuild_replaces_every_row(alice, alice_store, alice_subscription):
    # given: a row, then emptied by hand
    now = datetime.fromisoformat("2026-11-20T12:00:00+00:00")
    ticket = open_request(alice, alice_store)
    outcome(ticket, now, seconds=900, hotrush=True, started_at=now - timedelta(hours=1))
    kept = RecentReplies.objects.values().get()
    RecentReplies.objects.update(outcomes=[], median_hotrush=None)

    # when
    written = recent_replies.rebuild(Department.objects.values_list("pk", flat=True))

    # then: the same row again, and none for the departments without outcomes
    assert written == {"recent reply rows": 1}
    assert RecentReplies.objects.values().get() == kept
