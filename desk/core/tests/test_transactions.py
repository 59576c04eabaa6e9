"""`atomic_with_settings`: PostgreSQL settings for a transaction of its own, never leaking into a
caller's transaction unless asked. Values are chosen against the session's own (CI's PostgreSQL
suite runs with synchronous_commit off), never against the server's defaults."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from desk.core.models import PeriodicSlot
from desk.core.transactions import atomic_with_settings

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WORKERS = "max_parallel_workers_per_gather"


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return str(cursor.fetchone()[0])


def _other_workers() -> str:
    return str(int(_setting(WORKERS)) + 3)


def _other_commit() -> str:
    return "local" if _setting("synchronous_commit") != "local" else "off"


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SET LOCAL is PostgreSQL's")


def test_a_transaction_of_its_own_runs_with_the_settings_and_ends_them() -> None:
    _postgresql_only()
    # given the session's settings
    before = {WORKERS: _setting(WORKERS), "synchronous_commit": _setting("synchronous_commit")}
    wanted = {WORKERS: _other_workers(), "synchronous_commit": _other_commit()}
    # when a block runs with others
    with CaptureQueriesContext(connection) as captured, atomic_with_settings(wanted):
        # then they hold inside its transaction, set by one statement
        assert connection.in_atomic_block
        assert {name: _setting(name) for name in wanted} == wanted
    assert len([query for query in captured if "set_config" in query["sql"]]) == 1
    # and the next transaction has the session's again
    assert {name: _setting(name) for name in before} == before


def test_inside_a_callers_transaction_the_callers_settings_hold() -> None:
    _postgresql_only()
    with transaction.atomic():
        # given the caller's own durability
        caller = _other_commit()
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('synchronous_commit', %s, true)", [caller])
        # when a block asks for another one
        with atomic_with_settings({"synchronous_commit": "off" if caller != "off" else "on"}):
            # then nothing is set, inside or after it
            assert _setting("synchronous_commit") == caller
        assert _setting("synchronous_commit") == caller


def test_callers_too_sets_them_for_the_rest_of_the_callers_transaction() -> None:
    _postgresql_only()
    before = _setting(WORKERS)
    wanted = _other_workers()
    with transaction.atomic():
        with atomic_with_settings({WORKERS: wanted}, callers_too=True, savepoint=False):
            assert _setting(WORKERS) == wanted
        assert _setting(WORKERS) == wanted  # SET LOCAL lasts until the caller's transaction ends
    assert _setting(WORKERS) == before


def test_elsewhere_it_is_a_plain_transaction() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("SQLite has no settings to set")
    with CaptureQueriesContext(connection) as captured, atomic_with_settings({WORKERS: "0"}):
        assert connection.in_atomic_block
    assert not [query for query in captured if "set_config" in query["sql"]]


def _write_then_fail() -> None:
    with atomic_with_settings({WORKERS: "0"}):
        PeriodicSlot.objects.create(name="block's")
        raise RuntimeError("boom")


def test_an_error_inside_rolls_the_block_back_and_the_caller_goes_on() -> None:
    # given a caller's transaction with a write of its own
    with transaction.atomic():
        PeriodicSlot.objects.create(name="caller's")
        # when the block (a savepoint here) fails after writing
        with pytest.raises(RuntimeError):
            _write_then_fail()
        # then only the block's write is gone
        names = set(PeriodicSlot.objects.values_list("name", flat=True))
        assert "caller's" in names
        assert "block's" not in names
