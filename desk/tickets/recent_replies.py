"""Each department's latest reply outcomes in one row (`RecentReplies`), maintained with every
outcome, so that the expected reply time reads one row instead of the department's last
`estimate.HISTORY_LIMIT` `ReplyOutcome` rows (issue 11: "the expected reply time served from
maintained aggregates, updated on each outcome, not scanned").

The row of a department holds its newest `HISTORY_LIMIT` outcomes by (recorded_at, id), the
order the estimate always read them in, with the median working time of each Hotrush flag over
all of them. `typical_reply` gives exactly what `estimate.typical_reply` gives over the outcomes
recorded in the last `HISTORY_WINDOW` (at most `HISTORY_LIMIT` of them):

- every entry inside the window (the usual case): the stored medians, one row read;
- some entries older than the window: the rest of them, from the same row (every outcome left
  out of the row is older still);
- no row: no outcome recorded yet (every outcome goes through `record`, which makes the row);
- an entry recorded after `now` (only a clock set back does that): the outcomes themselves, as
  before.

Written by `record` (from `events.record_sla_outcome`, in its transaction, holding the row's
lock: outcomes of one department are added one after another), and rebuilt from the outcomes
by `rebuild` (the migration that added it, the seed loader, and by hand after a repair).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, models, transaction

from desk.sla import estimate
from desk.tickets.models import RecentReplies, ReplyOutcome

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

# [recorded_at in microseconds since the epoch, outcome id, 1 if Hotrush else 0, seconds used]
Entry = list[int]


def micros(moment: datetime) -> int:
    return (moment - EPOCH) // MICROSECOND


def typical_reply(department_id: int, *, is_hotrush: bool, now: datetime) -> timedelta:
    """`estimate.typical_reply` of the department's outcomes recorded in the history window
    before `now` (the newest `HISTORY_LIMIT`): one statement when every kept outcome is recent.
    Written in SQL: compiling it through the ORM cost ten times the statement itself, and every
    new request's answer and request page asks it."""
    with connection.cursor() as cursor:
        cursor.execute(_SUMMARY, [department_id])
        found = cursor.fetchone()
    if found is None:  # no outcome recorded in the department yet
        return estimate.HANDLING_TIME
    oldest, newest, common, hotrush = found
    if newest > micros(now):  # a clock set back: the row may lack outcomes of the window
        history = recent_outcomes(department_id, now)
        return estimate.typical_reply(history, is_hotrush=is_hotrush)
    since = micros(now - estimate.HISTORY_WINDOW)
    if oldest > since:
        same, other = (hotrush, common) if is_hotrush else (common, hotrush)
        return estimate.typical_of(same, other)
    rows = RecentReplies.objects.filter(department_id=department_id)
    entries: list[Entry] = rows.values_list("outcomes", flat=True).first() or []
    kept = [(bool(hot), used) for at, _id, hot, used in entries if at > since]
    return estimate.typical_reply(kept, is_hotrush=is_hotrush)


_SUMMARY = (
    "SELECT oldest_micros, newest_micros, median_common, median_hotrush"  # noqa: S608
    f" FROM {RecentReplies._meta.db_table} WHERE department_id = %s"
)


def recent_outcomes(department_id: int, now: datetime) -> list[tuple[bool, int]]:
    """`(is_hotrush, working_seconds_used)` of the department's newest outcomes in the history
    window, read from the outcomes through their (department, recorded_at) index."""
    outcomes = (
        ReplyOutcome.objects.filter(
            department_id=department_id,
            recorded_at__gt=now - estimate.HISTORY_WINDOW,
            recorded_at__lte=now,
        )
        .order_by("-recorded_at", "-id")
        .values_list("is_hotrush", "working_seconds_used")[: estimate.HISTORY_LIMIT]
    )
    return list(outcomes)


def record(outcome: ReplyOutcome) -> None:
    """Add a new outcome to its department's row (call in the transaction that records it)."""
    rows = RecentReplies.objects.select_for_update().filter(department_id=outcome.department_id)
    row = rows.first()
    if row is None:
        try:
            with transaction.atomic():  # the department's first: built from its outcomes
                built(outcome.department_id).save(force_insert=True)
            return
        except IntegrityError:  # another first outcome built it meanwhile, without this one
            row = rows.get()
    entries: list[Entry] = row.outcomes
    if any(entry[1] == outcome.pk for entry in entries):
        return
    entries.append(
        [
            micros(outcome.recorded_at),
            outcome.pk,
            int(outcome.is_hotrush),
            outcome.working_seconds_used,
        ]
    )
    summarize(row, entries)
    fields = ["outcomes", "oldest_micros", "newest_micros", "median_common", "median_hotrush"]
    row.save(update_fields=fields)


def summarize(row: RecentReplies, entries: list[Entry]) -> None:
    """Keep the newest `HISTORY_LIMIT` of `entries` (newest first) on `row`, with their span and
    medians."""
    entries.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    del entries[estimate.HISTORY_LIMIT :]
    row.outcomes = entries
    row.newest_micros = entries[0][0]
    row.oldest_micros = entries[-1][0]
    row.median_common = estimate.median_seconds(e[3] for e in entries if not e[2])
    row.median_hotrush = estimate.median_seconds(e[3] for e in entries if e[2])


def built(
    department_id: int,
    *,
    outcome_model: type[ReplyOutcome] = ReplyOutcome,
    recent_model: type[RecentReplies] = RecentReplies,
) -> RecentReplies:
    """The department's row from its outcomes (unsaved). A migration passes its models."""
    newest = (
        outcome_model._default_manager.filter(department_id=department_id)
        .order_by("-recorded_at", "-id")
        .values_list("recorded_at", "id", "is_hotrush", "working_seconds_used")[
            : estimate.HISTORY_LIMIT
        ]
    )
    entries = [[micros(at), pk, int(hot), used] for at, pk, hot, used in newest]
    row = recent_model(department_id=department_id)
    if entries:
        summarize(row, entries)
    return row


def rebuild(
    department_ids: Iterable[int],
    *,
    outcome_model: type[ReplyOutcome] = ReplyOutcome,
    recent_model: type[RecentReplies] = RecentReplies,
) -> dict[str, int]:
    """Every row again from the outcomes of `department_ids` (every department), replacing what
    the rows hold. Returns the rows written."""
    rows: list[Any] = []
    for department_id in department_ids:
        row = built(department_id, outcome_model=outcome_model, recent_model=recent_model)
        if row.outcomes:
            rows.append(row)
    with transaction.atomic():
        manager: models.Manager[Any] = recent_model._default_manager
        manager.all().delete()
        manager.bulk_create(rows)
    return {"recent reply rows": len(rows)}
