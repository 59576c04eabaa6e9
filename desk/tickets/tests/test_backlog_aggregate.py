"""The backlog's maintained aggregate (`BacklogChange`): one row per change the services record,
folded per quarter hour by the compaction (idempotent), equal to what the migration
backfills from the events (the report's side: `desk.reports.tests.test_backlog_property`)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.db import connection

from desk.tickets import backlog as aggregate
from desk.tickets import services
from desk.tickets.models import BacklogChange, Status
from desk.tickets.tests.builders import open_request

migration = importlib.import_module("desk.tickets.migrations.0014_backlog_change_aggregate")


def _rows() -> list[tuple[datetime, int, bool]]:
    return list(
        BacklogChange.objects.order_by("bucket", "id").values_list(
            "bucket", "change", "is_compacted"
        )
    )


def _sums() -> dict[datetime, int]:
    sums: dict[datetime, int] = {}
    for bucket, change, _ in _rows():
        sums[bucket] = sums.get(bucket, 0) + change
    return {bucket: change for bucket, change in sums.items() if change}


@pytest.fixture
def history(alice, alice_store, alice_subscription, engineer_en, clock):
    """09:01 UTC: A and B opened; 09:14: A moves to waiting (still open), B resolved; 09:16: B
    reopened; 09:40: C opened, A closed; then the clock stands at 09:49 on the same day."""
    clock.current = datetime.combine(clock.current.date(), datetime.min.time(), tzinfo=UTC)
    clock.advance(days=1, hours=9, minutes=1)
    a, b = open_request(alice, alice_store, subject="A"), open_request(alice, alice_store)
    clock.advance(minutes=13)
    services.change_status(ticket=a, actor=engineer_en.user, status=Status.WAITING)
    services.change_status(ticket=b, actor=engineer_en.user, status=Status.RESOLVED)
    clock.advance(minutes=2)
    services.change_status(ticket=b, actor=engineer_en.user, status=Status.OPEN)
    clock.advance(minutes=24)
    open_request(alice, alice_store, subject="C")
    services.change_status(ticket=a, actor=engineer_en.user, status=Status.CLOSED)
    clock.advance(minutes=9)
    return clock.current.replace(minute=0)  # 09:00 UTC


def test_each_change_of_the_backlog_is_one_row_in_its_quarter_hour(history):
    at = history  # 09:00 UTC
    quarter = timedelta(minutes=15)
    # waiting is still open: no row for it
    assert _rows() == [
        (at, 1, False),
        (at, 1, False),
        (at, -1, False),
        (at + quarter, 1, False),
        (at + 2 * quarter, 1, False),
        (at + 2 * quarter, -1, False),
    ]


def test_compaction_folds_each_quarter_hour_once(history):
    at, quarter = history, timedelta(minutes=15)

    # when compacted twice
    folded = aggregate.compact()
    rows = _rows()
    again = aggregate.compact()

    # then one row for each quarter hour (09:30 nets to nothing: none), and the second run
    # changes nothing
    assert folded == 3
    assert rows == [(at, 1, True), (at + quarter, 1, True)]
    assert (again, _rows()) == (0, rows)


def test_rows_written_after_a_fold_fold_in_on_the_next_run(history, alice, alice_store):
    # given a compacted aggregate
    at, quarter = history, timedelta(minutes=15)
    aggregate.compact()

    # when a request opens at 09:49 and a late transaction commits a change of 09:00
    open_request(alice, alice_store, subject="D")
    BacklogChange.objects.create(bucket=at, change=-1)

    # then both are loose until the next run folds them in (09:00 now nets to nothing)
    assert _rows()[-1] == (at + 3 * quarter, 1, False)
    assert aggregate.compact() == 2
    assert _rows() == [(at + quarter, 1, True), (at + 3 * quarter, 1, True)]


def test_the_backfill_writes_what_the_services_wrote_and_reverses(history, clock):
    # given the live aggregate, fully compacted
    aggregate.compact()
    live = _rows()

    # when the migration's reverse, then its backfill, run
    editor = connection.schema_editor()
    migration.forget_backlog_changes(apps, editor)
    assert _rows() == []
    migration.backfill_backlog_changes(apps, editor)

    # then the same rows (the engine's own datetime form: the compaction finds nothing to do)
    assert _rows() == live
    assert all(compacted for _, _, compacted in live)
    assert aggregate.compact() == 0
