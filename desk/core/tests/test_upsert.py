"""`passing_write`: only a write made outside any transaction skips waiting for the disk."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from desk.core.models import PeriodicSlot
from desk.core.upsert import passing_write


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_on_its_own_commits_without_waiting_for_the_disk_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's (SQLite commits as it always does)")
    before = _synchronous_commit()  # "on" by default; CI's PostgreSQL suite runs with it off
    with passing_write():
        assert connection.in_atomic_block
        assert _synchronous_commit() == "off"
    # SET LOCAL ends with the transaction: the next one has the session's setting again
    assert _synchronous_commit() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_inside_a_callers_transaction_the_callers_durability_is_kept() -> None:
    before = _synchronous_commit() if connection.vendor == "postgresql" else ""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit TO on")  # the caller's: durable
        with passing_write():
            assert connection.in_atomic_block
            if connection.vendor == "postgresql":
                assert _synchronous_commit() == "on"
        if connection.vendor == "postgresql":
            assert _synchronous_commit() == "on"
    if connection.vendor == "postgresql":
        assert _synchronous_commit() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_error_inside_rolls_the_write_back() -> None:
    def fail_after_writing() -> None:
        with passing_write():
            PeriodicSlot.objects.create(name="passing")
            raise RuntimeError("boom")

    before = PeriodicSlot.objects.count()
    with pytest.raises(RuntimeError):
        fail_after_writing()
    assert PeriodicSlot.objects.count() == before
