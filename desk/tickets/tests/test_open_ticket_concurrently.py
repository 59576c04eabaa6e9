from __future__ import annotations

import threading

import pytest
from django.db import connection

from desk.core.errors import DeskError
from desk.entitlements.models import CreditBalance, CreditEntry, CreditReason
from desk.tickets.models import Message, Ticket
from desk.tickets.tests.builders import open_request

THREADS = 20


@pytest.fixture(scope="module", autouse=True)
def _restore_seeded_rows(django_db_setup, django_db_blocker):
    """A transactional test ends by flushing every table, seeded plans and departments too.
    Put back what the test database held at setup (as `serialized_rollback` does before a test),
    so later tests and `--reuse-db` runs still find the seeded rows."""
    yield
    with django_db_blocker.unblock():
        contents = connection._test_serialized_contents  # type: ignore[attr-defined]
        connection.creation.deserialize_db_from_string(contents)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_opens_on_the_last_credit_open_exactly_one_request(
    alice, alice_store, alice_normal_credit
):
    # given: one Normal credit and 20 requests released at the same moment
    start = threading.Barrier(THREADS)
    opened: list[int] = []
    refused: list[tuple[str, int]] = []
    crashed: list[BaseException] = []

    def open_one(index: int) -> None:
        try:
            start.wait()
            opened.append(open_request(alice, alice_store, subject=f"Request {index}").pk)
        except DeskError as exc:
            refused.append((exc.code, exc.status))
        except BaseException as exc:
            crashed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_one, args=(i,)) for i in range(THREADS)]

    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert crashed == []
    assert len(opened) == 1
    assert len(refused) == THREADS - 1
    # A loser either saw the credit already gone (no_entitlement) or lost the conditional
    # UPDATE (no_incident_credit); both send the customer to the pricing page.
    assert {code for code, _ in refused} <= {"no_entitlement", "no_incident_credit"}
    assert {status for _, status in refused} == {402}
    assert list(Ticket.objects.values_list("pk", flat=True)) == opened
    assert Message.objects.count() == 1
    consumed = CreditEntry.objects.get(reason=CreditReason.CONSUME)
    assert consumed.ticket_id == opened[0]
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 0
