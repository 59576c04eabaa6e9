"""Maintained tallies of the reply outcomes, which the SLA reports read instead of the outcomes
themselves (issue 11: at a million requests, attainment over 52 weeks grouped ~1M outcomes in
2 s and the reply-time report sorted them for each percentile).

- `OutcomeTally`: met and total per quarter hour of the due time (UTC), plan, department,
  Hotrush and first reply. Every real time zone's offset is a whole number of quarter hours, so a
  quarter hour lies inside one local ISO week: weeks in any viewer's zone stay exact.
- `ReplyTimeTally`: first replies per UTC day of the outcome, Hotrush, replied or breached
  before any reply, and whole minutes of working time used. The report's buckets are whole
  minutes; its percentiles are found to the minute here and read to the second among that
  minute's outcomes (`exact_seconds`).

Both count only contract outcomes (on a plan, with a due time): department requests are left
out of the reports. They are written with each outcome (`count_outcome`, from
`events.record_sla_outcome`, in its transaction), and rebuilt from the outcomes by `rebuild`
(the migration that added them, the seed loader, and by hand after a repair). A period's partial
quarter hours or days at its edges are read from the outcomes themselves, so every answer is
the outcomes' own (desk/reports/tests/test_report_tallies.py compares them with random outcomes
and periods).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import F

from desk.core.upsert import update_else_insert
from desk.tickets.models import OutcomeTally, ReplyOutcome, ReplyTimeTally

QUARTER = timedelta(minutes=15)
DAY = timedelta(days=1)
BATCH = 5_000


def quarter_of(moment: datetime) -> datetime:
    """The start of `moment`'s quarter hour, in UTC."""
    utc = moment.astimezone(UTC)
    return utc.replace(minute=utc.minute - utc.minute % 15, second=0, microsecond=0)


def next_quarter(moment: datetime) -> datetime:
    """The first quarter-hour start at or after `moment`."""
    start = quarter_of(moment)
    return start if start == moment else start + QUARTER


def day_of(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def counted(outcome: ReplyOutcome) -> bool:
    """Whether the reports count it: a contract outcome (a plan) with a due time."""
    return outcome.plan_id is not None and outcome.due_at is not None


def count_outcome(outcome: ReplyOutcome) -> None:
    """Add one new outcome to the tallies (call in the transaction that records it)."""
    if not counted(outcome):
        return
    assert outcome.due_at is not None  # noqa: S101  # checked by counted(); narrows the type
    _add(
        OutcomeTally,
        {
            "bucket": quarter_of(outcome.due_at),
            "plan_id": outcome.plan_id,
            "department_id": outcome.department_id,
            "is_hotrush": outcome.is_hotrush,
            "is_first": outcome.is_first,
        },
        {"met": int(outcome.is_met), "total": 1},
    )
    if outcome.is_first:
        _add(
            ReplyTimeTally,
            {
                "day": day_of(outcome.recorded_at),
                "is_hotrush": outcome.is_hotrush,
                "is_replied": outcome.is_replied,
                "minutes": outcome.working_seconds_used // 60,
            },
            {"count": 1},
        )


def _add(model: type[models.Model], key: dict[str, Any], amounts: dict[str, int]) -> None:
    """Add `amounts` to the row of `key`, creating it."""
    increments = {name: F(name) + amount for name, amount in amounts.items()}
    update_else_insert(model, key, increments, amounts)


def rebuild(
    *,
    outcome_model: type[ReplyOutcome] = ReplyOutcome,
    outcome_tally: type[OutcomeTally] = OutcomeTally,
    reply_time_tally: type[ReplyTimeTally] = ReplyTimeTally,
) -> dict[str, int]:
    """Both tallies again from every outcome (replacing what they hold). One pass over the
    outcomes, streamed; returns the rows written. A migration passes its historical models."""
    outcomes: Counter[tuple[Any, ...]] = Counter()
    met: Counter[tuple[Any, ...]] = Counter()
    times: Counter[tuple[Any, ...]] = Counter()
    rows = (
        outcome_model._default_manager.filter(plan__isnull=False, due_at__isnull=False)
        .order_by()
        .values_list(
            "due_at",
            "plan_id",
            "department_id",
            "is_hotrush",
            "is_first",
            "is_met",
            "recorded_at",
            "is_replied",
            "working_seconds_used",
        )
    )
    for due_at, plan, department, hotrush, first, is_met, recorded, replied, used in rows.iterator(
        chunk_size=20_000
    ):
        if due_at is None:  # filtered out above; narrows the type
            continue
        key = (quarter_of(due_at), plan, department, hotrush, first)
        outcomes[key] += 1
        met[key] += int(is_met)
        if first:
            times[(day_of(recorded), hotrush, replied, used // 60)] += 1
    with transaction.atomic():
        outcome_tally._default_manager.all().delete()
        reply_time_tally._default_manager.all().delete()
        _insert(
            _outcome_row(outcome_tally, key, met[key], total) for key, total in outcomes.items()
        )
        _insert(
            reply_time_tally(
                day=day, is_hotrush=hotrush, is_replied=replied, minutes=minutes, count=count
            )
            for (day, hotrush, replied, minutes), count in times.items()
        )
    return {"outcome tally rows": len(outcomes), "reply time tally rows": len(times)}


def _outcome_row(
    model: type[OutcomeTally], key: tuple[Any, ...], met: int, total: int
) -> OutcomeTally:
    bucket, plan, department, hotrush, first = key
    return model(
        bucket=bucket,
        plan_id=plan,
        department_id=department,
        is_hotrush=hotrush,
        is_first=first,
        met=met,
        total=total,
    )


def _insert(rows: Iterable[models.Model]) -> None:
    batch: list[models.Model] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            type(row)._default_manager.bulk_create(batch)
            batch = []
    if batch:
        type(batch[0])._default_manager.bulk_create(batch)
