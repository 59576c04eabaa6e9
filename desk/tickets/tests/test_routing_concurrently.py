"""Requests arriving at once (real threads, SQLite and PostgreSQL): routing never hands out work
by a stale load count. Each router locks the candidates' engineer rows before counting, so the
loads stay as even as the weighting allows: at most one request apart."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from desk.accounts import services as account_services
from desk.tickets.models import Ticket
from desk.tickets.routing import loads_of
from desk.tickets.tests.builders import next_moscow, open_request
from tests.reliability.seeding import restore_seeded_rows  # noqa: F401 — a fixture

THREADS = 12
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_seeded_rows"),
]


@pytest.fixture
def three_engineers(db, settings):
    settings.DESK_ROUTING_ENABLED = True
    return [
        account_services.create_engineer(
            email=f"engineer{k}@supportdesk.example",
            password=None,
            full_name=f"Engineer {k}",
            department_codes=["technical-support"],
        )
        for k in range(3)
    ]


def _open_at_once(alice, alice_store, hotrush: list[bool]) -> list[BaseException]:
    start = threading.Barrier(len(hotrush))
    crashed: list[BaseException] = []

    def open_one(index: int) -> None:
        try:
            start.wait()
            open_request(alice, alice_store, subject=f"Request {index}", is_hotrush=hotrush[index])
        except BaseException as exc:
            crashed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_one, args=(i,)) for i in range(len(hotrush))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return crashed


def test_twelve_requests_at_once_are_spread_evenly(
    alice, alice_store, alice_subscription, three_engineers, clock
):
    # given: Monday 10:00, three engineers on shift holding nothing
    clock.current = next_moscow(0, 10)

    # when
    crashed = _open_at_once(alice, alice_store, [False] * THREADS)

    # then: 4 each
    assert crashed == []
    held = Counter(Ticket.objects.values_list("assignee_id", flat=True))
    assert sorted(held.values()) == [4, 4, 4]
    assert set(held) == {engineer.pk for engineer in three_engineers}


def test_hotrush_weighting_holds_under_concurrency(
    alice, alice_store, alice_subscription, three_engineers, clock
):
    # given: six Hotrush (weight 2) and six common requests at once
    clock.current = next_moscow(0, 10)

    # when
    crashed = _open_at_once(alice, alice_store, [k % 2 == 0 for k in range(THREADS)])

    # then: 18 weighted units over three engineers; no one more than one request's weight (2)
    # above another, i.e. what one-at-a-time routing could leave
    assert crashed == []
    loads = loads_of([engineer.pk for engineer in three_engineers])
    assert sum(loads.values()) == 18
    assert max(loads.values()) - min(loads.values()) <= 2
    assert Ticket.objects.filter(assignee__isnull=True).count() == 0
