"""Two engineers confirming at once (real threads, SQLite and PostgreSQL): the request's cap is
never exceeded and one engineer is never booked twice. Each booking locks the request's row,
then the engineer's, and re-reads under the locks."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from desk.accounts import services as account_services
from desk.calls import selectors, services
from desk.calls.models import Call, CallStatus
from desk.calls.tests.conftest import ask
from desk.core.errors import DeskError
from desk.tickets.tests.builders import at_moscow, open_request
from tests.reliability.seeding import restore_seeded_rows  # noqa: F401 — a fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_seeded_rows"),
]
ROUNDS = 3


def _at_once(actions: list[Callable[[], object]]) -> tuple[list[object], list[DeskError]]:
    start = threading.Barrier(len(actions))
    done: list[object] = []
    refused: list[DeskError] = []
    crashed: list[BaseException] = []

    def run(action: Callable[[], object]) -> None:
        try:
            start.wait()
            done.append(action())
        except DeskError as exc:
            refused.append(exc)
        except BaseException as exc:
            crashed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert crashed == []
    return done, refused


@pytest.fixture
def second_engineer(db):
    return account_services.create_engineer(
        email="sofia@supportdesk.example",
        password=None,
        full_name="Sofia",
        department_codes=["technical-support"],
        speaks_en=True,
        speaks_ru=True,
    )


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_engineers_confirming_at_once_never_exceed_the_cap(
    hotrush, monday, engineer_en, second_engineer, round_
):
    # given: two 45-minute calls asked on one request (90 > 60)
    first = ask(hotrush, at_moscow(monday, 0, 10), minutes=45)
    second = ask(hotrush, at_moscow(monday, 0, 14), minutes=45)

    # when: each engineer confirms one, at the same moment
    done, refused = _at_once(
        [
            lambda: services.confirm_call(
                call=first,
                starts_at=at_moscow(monday, 0, 10),
                engineer=engineer_en,
                actor=engineer_en.user,
            ),
            lambda: services.confirm_call(
                call=second,
                starts_at=at_moscow(monday, 0, 14),
                engineer=second_engineer,
                actor=second_engineer.user,
            ),
        ]
    )

    # then: one confirmed, the other refused with the 15 minutes left
    assert len(done) == 1
    assert [(e.code, e.params["left"]) for e in refused] == [("call_minutes_exceeded", 15)]
    statuses = sorted(Call.objects.values_list("status", flat=True))
    assert statuses == [CallStatus.CONFIRMED, CallStatus.REQUESTED]
    assert selectors.minutes_used(hotrush.pk) == 45


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_engineer_is_not_double_booked_by_two_confirmations_at_once(
    alice, alice_store, hotrush, monday, engineer_en, staff_admin, round_
):
    # given: two requests asking for the same slot
    other = open_request(alice, alice_store, is_hotrush=True, subject="Another")
    ten = at_moscow(monday, 0, 10)
    first, second = ask(hotrush, ten), ask(other, ten)

    # when: the engineer and staff both give Erin a call at 10:00
    done, refused = _at_once(
        [
            lambda: services.confirm_call(
                call=first, starts_at=ten, engineer=engineer_en, actor=engineer_en.user
            ),
            lambda: services.confirm_call(
                call=second, starts_at=ten, engineer=engineer_en, actor=staff_admin
            ),
        ]
    )

    # then
    assert len(done) == 1
    assert [e.code for e in refused] == ["call_engineer_busy"]
    booked = Call.objects.filter(engineer=engineer_en, status=CallStatus.CONFIRMED)
    assert booked.count() == 1
