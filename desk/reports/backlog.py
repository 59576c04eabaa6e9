"""The backlog of open requests now, and day by day over the last weeks.

Three queries, whatever the number of requests and events: counts by status and department with
the overdue count and the age buckets of each (one grouped aggregate over a covering partial
index), the departments' names, and the net change of the backlog per local
day since the period's first day (one grouped aggregate over the quarter hours of the maintained
`BacklogChange`, through its bucket index; at most one row per day). The daily series walks
back from today's count: each opening or change between an open and a closed status after a
day's end is undone, so the series always ends at the live number. A period that ends before
today is walked back the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate

from desk.accounts.models import Department
from desk.reports.distribution import AGE_BOUNDS, AGE_LABELS
from desk.tickets.backlog import bucket_of
from desk.tickets.models import OPEN_STATUSES, BacklogChange, Ticket, open_statuses_filter


@dataclass(frozen=True, slots=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True, slots=True)
class Backlog:
    total: int
    overdue: int
    by_status: list[Tally]
    by_department: list[Tally]
    by_age: list[Tally]
    daily: list[DayCount]


def backlog(
    *,
    now: datetime,
    zone: tzinfo,
    days: int = 30,
    since: date | None = None,
    until: date | None = None,
    language: str = "en",
) -> Backlog:
    """Open requests at `now`, and at the end of each day in `zone` of the period: the last
    `days` days, or `since`..`until` (both included; days after today are left out)."""
    # one pass over the open requests, grouped by status and department, with the overdue and
    # age counts of each group: a covering partial index (ticket_open_backlog_idx) holds every
    # column it reads, so no row is visited
    conditional = _age_counts(now)
    groups = (
        Ticket.objects.filter(open_statuses_filter())
        .order_by()
        .values("status", "department_id")
        .annotate(count=Count("*"), **conditional)
    )
    departments = {
        pk: (code, name_ru if language == "ru" and name_ru else name)
        for pk, code, name, name_ru in Department.objects.values_list(
            "pk", "code", "name", "name_ru"
        )
    }
    by_status = dict.fromkeys(OPEN_STATUSES, 0)
    by_department: dict[str, int] = {}
    ages = dict.fromkeys(conditional, 0)
    for row in groups:
        by_status[row["status"]] += row["count"]
        code = departments[row["department_id"]][0]
        by_department[code] = by_department.get(code, 0) + row["count"]
        for name in conditional:
            ages[name] += row[name]
    department_names = dict(departments.values())
    total = sum(by_status.values())
    today = now.astimezone(zone).date()
    calendar = period_days(since, min(until, today)) if since and until else last_days(today, days)
    first = calendar[0] if calendar else today
    return Backlog(
        total=total,
        overdue=ages.pop("overdue"),
        by_status=[Tally(s.value, str(s.label), by_status[s]) for s in OPEN_STATUSES],
        by_department=[
            Tally(code, department_names[code], count)
            for code, count in sorted(by_department.items())
        ],
        by_age=[Tally(str(i), str(label), ages[f"age_{i}"]) for i, label in enumerate(AGE_LABELS)],
        daily=backlog_by_day(now_open=total, changed_on=changes_by_day(first, zone), days=calendar),
    )


def _age_counts(now: datetime) -> dict[str, Count]:
    """Conditional counts: overdue, and one per age bucket (`age_0` is the youngest). They count
    `created_at` (never empty, so every row), a column the covering index holds, not `id`."""
    counts = {
        "overdue": Count(
            "created_at", filter=Q(awaiting_reply_since__isnull=False, reply_due_at__lt=now)
        )
    }
    edges = [None, *(now - timedelta(seconds=bound) for bound in AGE_BOUNDS), None]
    for index in range(len(AGE_BOUNDS) + 1):
        younger, older = edges[index], edges[index + 1]  # created before / at or after
        condition = Q()
        if younger is not None:
            condition &= Q(created_at__lte=younger)
        if older is not None:
            condition &= Q(created_at__gt=older)
        counts[f"age_{index}"] = (
            Count("created_at", filter=condition) if condition else Count("created_at")
        )
    return counts


def changes_by_day(first_day: date, zone: tzinfo) -> dict[date, int]:
    """The backlog's net change per local day from `first_day` on (as
    `desk.tickets.backlog.backlog_change` counts it), summed by the database from the quarter
    hours of `BacklogChange` through its bucket index: at most 96 rows a day plus the few not
    compacted yet, whatever the number of events. Local midnights are quarter-hour edges in
    every zone in use, so each quarter hour falls wholly in one local day."""
    start = bucket_of(datetime.combine(first_day, time(), tzinfo=zone))
    rows = (
        BacklogChange.objects.filter(bucket__gte=start)
        .order_by()
        .annotate(day=TruncDate("bucket", tzinfo=zone))
        .values("day")
        .annotate(total=Sum("change"))
        .values_list("day", "total")
    )
    return {day: change for day, change in rows if change and day >= first_day}


def last_days(today: date, days: int) -> list[date]:
    """The `days` days ending with `today`, oldest first."""
    return [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]


def period_days(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included (none when `last` is before `first`)."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def daily_backlog(
    *, now_open: int, changes: Iterable[tuple[datetime, int]], days: Sequence[date], zone: tzinfo
) -> list[DayCount]:
    """The open count at the end of each day from timed changes (in `zone`)."""
    changed_on: dict[date, int] = {}
    for at, change in changes:
        local = at.astimezone(zone).date()
        changed_on[local] = changed_on.get(local, 0) + change
    return backlog_by_day(now_open=now_open, changed_on=changed_on, days=days)


def backlog_by_day(
    *, now_open: int, changed_on: Mapping[date, int], days: Sequence[date]
) -> list[DayCount]:
    """The open count at the end of each day: today's count minus what changed after it (the
    changes after the last day of the period included)."""
    if not days:
        return []
    series: list[DayCount] = []
    later = sum(change for day, change in changed_on.items() if day > days[-1])
    for day in reversed(days):
        series.append(DayCount(day, now_open - later))
        later += changed_on.get(day, 0)
    return series[::-1]
