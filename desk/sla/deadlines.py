"""Working-time due dates with pauses (pure: no Django).

The clock of a request starts at `start` and runs on the calendar's working time; it stops
during each pause (waiting on the customer) and runs again when the pause ends. A target in
business days (`BusinessDays(1)`, the common inquiry) is turned into a working-time budget once,
at the moment the clock starts (`working_budget`): the working time between `start` and
`calendar.add_business_days(start, n)`. The due time is then the earliest instant at which the
running clock has used up the budget, so a due time never lies inside a pause or after the
closing at which the budget runs out.

An ongoing pause is passed as ending at the moment the answer is wanted for (usually now): the
result is then the due time if the clock restarts at that moment.

`working_dues_epoch` recomputes many due times at once (every open request, after a calendar or
policy change) on float epoch seconds; `working_dues` wraps it for datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desk.sla.calendar import BusinessCalendar

__all__ = [
    "Budget",
    "BusinessDays",
    "Pause",
    "working_budget",
    "working_due",
    "working_dues",
    "working_dues_epoch",
]


@dataclass(frozen=True, slots=True)
class BusinessDays:
    """A target counted in business dates (see `BusinessCalendar.add_business_days`)."""

    count: int

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError("a target in business days must not be negative")


Budget = timedelta | BusinessDays
Pause = tuple[datetime, datetime]
EpochPause = tuple[float, float]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # also any start will do for a budget that is a duration
ONE_SECOND = timedelta(seconds=1)


def working_budget(calendar: BusinessCalendar, start: datetime, target: Budget) -> timedelta:
    """The working time a target grants when the clock starts at `start`."""
    if isinstance(target, BusinessDays):
        return calendar.elapsed(start, calendar.add_business_days(start, target.count))
    if target < timedelta(0):
        raise ValueError("a working-time budget must not be negative")
    return target


def working_due(
    calendar: BusinessCalendar, start: datetime, budget: Budget, pauses: Iterable[Pause] = ()
) -> datetime:
    """The earliest instant at which `budget` of running clock has elapsed since `start`.

    `pauses` are `(begin, end)` pairs in any order; they may overlap, and the parts before
    `start` are ignored.
    """
    remaining = working_budget(calendar, start, budget)
    cursor = start
    for begin, end in _running_gaps(start, pauses):
        available = calendar.elapsed(cursor, begin)
        if available >= remaining:
            break
        remaining -= available
        cursor = end
    return calendar.add(cursor, remaining)


def working_dues_epoch(
    calendar: BusinessCalendar,
    starts: Sequence[float],
    budgets: Budget | Sequence[Budget],
    pauses: Sequence[Sequence[EpochPause]] | None = None,
) -> list[float]:
    """`working_due` for many requests, on float epoch seconds.

    `budgets` is one budget for all or one per request; `pauses`, if given, one (possibly
    empty) sequence per request. Requests without pauses go through the calendar's batch loops,
    one pass per distinct budget; paused ones through `working_due`.
    """
    if isinstance(budgets, timedelta | BusinessDays):
        dues = _batch_dues(calendar, starts, budgets)
    else:
        dues = [0.0] * len(starts)
        for budget, indices in _by_budget(budgets).items():
            group = list(map(starts.__getitem__, indices))
            for k, due in zip(indices, _batch_dues(calendar, group, budget), strict=True):
                dues[k] = due
    for k, spans in enumerate(pauses or ()):
        if spans:  # rare: the exact path, which starts the clock and then stops it
            budget = budgets if isinstance(budgets, timedelta | BusinessDays) else budgets[k]
            moments = [(_moment(begin), _moment(end)) for begin, end in spans]
            dues[k] = working_due(calendar, _moment(starts[k]), budget, moments).timestamp()
    return dues


def _by_budget(budgets: Sequence[Budget]) -> dict[Budget, list[int]]:
    """Request indices grouped by budget (keyed cheaply: a business-day count or a duration)."""
    groups: dict[int | timedelta, list[int]] = {}
    first: dict[int | timedelta, Budget] = {}
    for k, budget in enumerate(budgets):
        key = budget.count if isinstance(budget, BusinessDays) else budget
        group = groups.get(key)
        if group is None:
            group = groups[key] = []
            first[key] = budget
        group.append(k)
    return {first[key]: indices for key, indices in groups.items()}


def _batch_dues(calendar: BusinessCalendar, starts: Sequence[float], budget: Budget) -> list[float]:
    if isinstance(budget, BusinessDays):
        return calendar.business_day_dues_many(starts, budget.count)
    return calendar.add_many(starts, working_budget(calendar, EPOCH, budget).total_seconds())


def working_dues(
    calendar: BusinessCalendar,
    starts: Sequence[datetime],
    budgets: Budget | Sequence[Budget],
    pauses: Sequence[Sequence[Pause]] | None = None,
) -> list[datetime]:
    """`working_dues_epoch` on datetimes (results are aware UTC, to the microsecond).

    Paused requests take the exact path on their own datetimes.
    """
    try:
        epoch_starts = [(start - EPOCH) / ONE_SECOND for start in starts]
    except TypeError:
        raise ValueError("timezone-aware datetimes are required") from None
    from_timestamp = datetime.fromtimestamp
    dues = [from_timestamp(due, UTC) for due in working_dues_epoch(calendar, epoch_starts, budgets)]
    for k, spans in enumerate(pauses or ()):
        if spans:
            budget = budgets if isinstance(budgets, timedelta | BusinessDays) else budgets[k]
            dues[k] = working_due(calendar, starts[k], budget, spans)
    return dues


def _running_gaps(start: datetime, pauses: Iterable[Pause]) -> list[Pause]:
    """The pauses after `start`, clipped to it, sorted and merged."""
    merged: list[Pause] = []
    for begin, end in sorted(pauses):
        if end < begin:
            raise ValueError(f"a pause cannot end before it begins: {begin} > {end}")
        if end <= start:
            continue
        begin = max(begin, start)
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
