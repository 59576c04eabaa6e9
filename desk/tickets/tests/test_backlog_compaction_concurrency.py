"""Two compactions at once (PostgreSQL, where two workers really run together): the second waits
on the rows the first removes, then finds them gone and writes nothing for them, so no change is
counted twice. (SQLite runs one writer at a time: there the runs are simply one after another.)"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections, transaction

from desk.tickets import backlog as aggregate
from desk.tickets.models import BacklogChange

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has a single writer"
)
AT = datetime(2025, 3, 1, 9, tzinfo=UTC)


def _sums() -> dict[datetime, int]:
    sums: dict[datetime, int] = {}
    for bucket, change in BacklogChange.objects.values_list("bucket", "change"):
        sums[bucket] = sums.get(bucket, 0) + change
    return sums


def _in_thread(run: Callable[[], object], results: list[object]) -> threading.Thread:
    def target() -> None:
        try:
            results.append(run())
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cursor.fetchone()[0])


@pytest.fixture(scope="module", autouse=True)
def _restore_seeded_rows(django_db_setup, django_db_blocker):
    """A transactional test ends by flushing every table, seeded rows too: put back what the
    test database held at setup (as `test_open_ticket_concurrently` does)."""
    yield
    with django_db_blocker.unblock():
        contents = connection._test_serialized_contents  # type: ignore[attr-defined]
        connection.creation.deserialize_db_from_string(contents)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_compaction_waiting_on_another_adds_nothing_twice():
    # given three quarter hours with loose rows
    quarter = timedelta(minutes=15)
    for offset, change in [(0, 1), (0, 1), (1, -1), (1, 1), (2, 1), (2, 1), (2, -1)]:
        BacklogChange.objects.create(bucket=AT + offset * quarter, change=change)
    before = _sums()
    removed, release = threading.Event(), threading.Event()
    first_done: list[object] = []
    second_done: list[object] = []

    def first() -> int:
        with transaction.atomic():
            folded = aggregate.compact()
            removed.set()
            release.wait(timeout=30)  # holds the removed rows' locks until released
        return folded

    # when a second compaction starts while the first has removed the rows but not committed
    one = _in_thread(first, first_done)
    assert removed.wait(timeout=30)
    two = _in_thread(lambda: aggregate.compact(), second_done)
    deadline = time.monotonic() + 30
    while not _waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    waited = _waiting_on_a_lock()
    release.set()
    one.join(30)
    two.join(30)

    # then the second run waited, folded nothing, and every quarter hour sums as before
    assert waited == 1
    assert first_done == [3]
    assert second_done == [0]
    assert _sums() == {bucket: change for bucket, change in before.items() if change}
    assert list(BacklogChange.objects.values_list("is_compacted", flat=True)) == [True, True]
