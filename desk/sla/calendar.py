"""Business-time arithmetic on weekly hours, holidays and special days (pure: no Django).

    cal = BusinessCalendar(
        time_zone="Europe/Moscow",
        weekly={"mon": [("06:00", "01:00")], "sat": [("10:00", "18:00")]},  # absent day: closed
        holidays=[date(2027, 1, 1)],
        date_overrides={date(2027, 3, 7): [("10:00", "14:00")]},
    )
    cal.add(start, timedelta(hours=2))

Semantics
- Shifts are local wall-clock `HH:MM[:SS]` pairs (a `datetime.time` is accepted too),
  half-open `[open, close)`, several per day. `24:00` is a valid close. A close at or before the
  open means the shift crosses midnight: it ends on the next date and **belongs to the date it
  opens**, so holidays and overrides apply by opening date (a Friday 06:00-01:00 shift still runs
  00:00-01:00 into a Saturday holiday; a holiday Monday drops Monday 06:00 to Tuesday 01:00).
- `holidays`: those dates' shifts do not open. `date_overrides`: replace the weekly shifts of a
  date (`[]` closes it) and win over a holiday on the same date. Overlapping or touching shifts
  merge into one working interval.
- Inputs must be timezone-aware datetimes (naive ones raise `ValueError`); results are aware UTC.
- `add(t, d)` is the earliest instant at which `d` of working time has elapsed since `t`: a
  budget used up exactly at a closing returns that closing, and `add(t, 0)` is `t`.
  `subtract(t, d)` mirrors it: the latest instant from which `d` of working time elapses until
  `t` (an opening rather than the previous closing). A negative `d` turns one into the other.
- `elapsed(a, b)` is the working time in `[a, b)`, zero when `b <= a`.
- `is_working(t)`: `t` lies in a working interval. `next_working_moment(t)` is `t` if working,
  else the next opening; `previous_working_moment(t)` is `t` if working or at a closing, else the
  last closing before `t`.
- `add_business_days(t, n)`: take the n-th business date after t's local date (a date on which a
  shift opens: not a holiday, not closed by an override), the same local clock time on it, then
  the next working moment (the previous one for negative `n`; `n = 0` keeps t's date). This is
  the day rule of Zendesk's `biz`, which Zammad uses.
- DST: a local time that does not exist moves forward by the gap; an ambiguous one takes its
  first occurrence; durations are real elapsed time (a 25-hour day has 25 hours). Both ends of a
  shift move, so a shift that opens in a gap and closes before its moved opening (02:30-03:15
  over a 02:00-03:00 gap) vanishes.
- A search that can never end (no weekly hours and no special date left in that direction)
  raises `ValueError`, as do dates outside the years 2-9997.

Speed: the calendar precomputes its working intervals, with the cumulative working time before
each, as sorted epoch microseconds over a window of whole years. The window starts around the
first query and widens (to whole years, doubling when searching forward or back) whenever a
query or a result leaves it, so a call is a couple of binary searches plus integer arithmetic;
results are exact to the microsecond. The `*_many` batch forms take and return float epoch
seconds (about a microsecond of rounding) for recomputing many due times at once; starts the
fast loops cannot answer (outside the window, on a date with a UTC offset change) fall back to
the exact path.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from desk.sla import _calendar_batch as batch
from desk.sla import _calendar_config as config
from desk.sla._calendar_config import WEEKDAYS, ShiftSpec
from desk.sla._calendar_table import (
    DAY_S,
    EPOCH,
    ONE_US,
    US_PER_S,
    Shift,
    WorkTable,
    build_table,
)

__all__ = ["WEEKDAYS", "BusinessCalendar", "ShiftSpec"]

_ZERO = timedelta(0)
_from_timestamp = datetime.fromtimestamp
_EXACT_FLOAT_US = 2**33 * US_PER_S  # x / 1e6 rounds back to x's microsecond below this


class BusinessCalendar:
    """Working hours of one time zone; see the module docstring for the exact semantics."""

    def __init__(
        self,
        time_zone: str,
        weekly: Mapping[str, Sequence[ShiftSpec]],
        holidays: Iterable[date] = (),
        date_overrides: Mapping[date, Sequence[ShiftSpec]] | None = None,
    ) -> None:
        self.time_zone = time_zone
        self.zone = config.parse_zone(time_zone)
        self._weekly = config.weekly_shifts(weekly)
        self._holidays = frozenset(config.check_date(day) for day in holidays)
        self._overrides = {
            config.check_date(day): config.parse_shifts(f"override {day}", specs)
            for day, specs in (date_overrides or {}).items()
        }
        open_overrides = sorted(day for day, shifts in self._overrides.items() if shifts)
        self._override_span = (open_overrides[0], open_overrides[-1]) if open_overrides else None
        self._lock = threading.Lock()
        self._table: WorkTable | None = None

    def __repr__(self) -> str:
        return f"<BusinessCalendar {self.time_zone}>"

    def is_business_date(self, day: date) -> bool:
        """A shift opens on `day` (its configured shifts; before any DST adjustment)."""
        return bool(self._shifts_on(day))

    # -- single calls --------------------------------------------------------------------------

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant at which `duration` of working time has elapsed since `start`."""
        try:  # `_to_us`, inlined on the hot path
            x = (start - EPOCH) // ONE_US
        except TypeError:
            raise _refusal(start) from None
        d = duration // ONE_US
        table = self._table
        if d > 0 and table is not None and table.lo <= x < table.hi:
            opens, cum = table.opens, table.cum
            i = bisect_right(opens, x) - 1
            close = table.closes[i]
            w = cum[i] + (close if x > close else x) - opens[i] + d
            if w <= table.w_hi:
                j = bisect_left(cum, w) - 1
                due = opens[j] + w - cum[j]
                if -_EXACT_FLOAT_US < due < _EXACT_FLOAT_US:  # `_to_datetime`, inlined
                    return _from_timestamp(due / US_PER_S, UTC)
        return _to_datetime(self._add_us(x, d))

    def subtract(self, start: datetime, duration: timedelta) -> datetime:
        """The latest instant from which `duration` of working time elapses until `start`."""
        return _to_datetime(self._add_us(_to_us(start), -(duration // ONE_US)))

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Working time in `[start, end)`; zero when `end <= start`."""
        a, b = _to_us(start), _to_us(end)
        if b <= a:
            return _ZERO
        table = self._table
        if table is None or not (table.lo <= a and b <= table.hi):
            table = self._table_for(a, b)
        return timedelta(microseconds=table.working_until(b) - table.working_until(a))

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """The same local clock time `days` business dates later, then the next working moment."""
        try:  # `_to_us`, inlined on the hot path
            x = (start - EPOCH) // ONE_US
        except TypeError:
            raise _refusal(start) from None
        table = self._table
        if days > 0 and table is not None and table.lo <= x < table.hi:
            day_starts, business = table.day_starts, table.business
            i = bisect_right(day_starts, x) - 1
            k = bisect_right(business, i) + days - 1
            if k < len(business) and table.regular[i] and table.regular[business[k]]:
                y = day_starts[business[k]] + x - day_starts[i]
                opens = table.opens
                m = bisect_right(opens, y) - 1
                if y >= table.closes[m]:
                    y = opens[m + 1] if m + 2 < len(opens) else _EXACT_FLOAT_US  # a sentinel
                if -_EXACT_FLOAT_US < y < _EXACT_FLOAT_US:  # `_to_datetime`, inlined
                    return _from_timestamp(y / US_PER_S, UTC)
        return _to_datetime(self._add_business_days_us(start, x, days))

    def is_working(self, moment: datetime) -> bool:
        x = _to_us(moment)
        table = self._table_for(x, x)
        return x < table.closes[bisect_right(table.opens, x) - 1]

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` if it is working time, else the next opening."""
        return _to_datetime(self._next_us(_to_us(moment)))

    def previous_working_moment(self, moment: datetime) -> datetime:
        """`moment` if it is working time or a closing, else the last closing before it."""
        return _to_datetime(self._previous_us(_to_us(moment)))

    def working_interval_end(self, moment: datetime, *, within: int = 2) -> datetime | None:
        """The closing of the working interval `moment` lies in (touching shifts are one
        interval); None when `moment` is not working time, or when the interval runs on for
        more than `within` years (a calendar open around the clock)."""
        x = _to_us(moment)
        table = self._table_for(x, x)
        for _attempt in range(within + 1):
            i = bisect_right(table.opens, x) - 1
            close = table.closes[i]
            if x >= close:
                return None
            if close < table.hi:
                return _to_datetime(close)
            table = self._grow(table, forward=True)
        return None

    def without(self, days: Iterable[date]) -> BusinessCalendar:
        """The same calendar with no shift opening on `days` (they win over special days): a
        person's days off taken out of the hours they follow."""
        off = frozenset(config.check_date(day) for day in days)
        copy = BusinessCalendar.__new__(BusinessCalendar)
        copy.time_zone, copy.zone, copy._weekly = self.time_zone, self.zone, self._weekly
        copy._holidays = self._holidays | off
        copy._overrides = {day: s for day, s in self._overrides.items() if day not in off}
        open_overrides = sorted(day for day, shifts in copy._overrides.items() if shifts)
        copy._override_span = (open_overrides[0], open_overrides[-1]) if open_overrides else None
        copy._lock = threading.Lock()
        copy._table = None
        return copy

    # -- batch forms: float epoch seconds in and out -------------------------------------------

    def add_many(self, starts: Sequence[float], durations: float | Sequence[float]) -> list[float]:
        """`add` for many starts; durations in seconds (one for all, or one per start)."""
        budgets: Sequence[float] = (
            [float(durations)] * len(starts) if isinstance(durations, float | int) else durations
        )
        if budgets and min(budgets) < 0:
            raise ValueError("batch durations must not be negative")
        found = batch.add_seconds(self._table_for_seconds(starts), starts, budgets)
        return self._fill(found, lambda k: self._add_us(_us(starts[k]), _us(budgets[k])))

    def elapsed_many(self, starts: Sequence[float], ends: Sequence[float]) -> list[float]:
        """`elapsed` in seconds for each pair of epoch seconds."""
        table = self._table_for_seconds(starts, ends)
        found = batch.elapsed_seconds(table, starts, ends)
        return self._fill(found, lambda k: self._elapsed_us(_us(starts[k]), _us(ends[k])))

    def add_business_days_many(self, starts: Sequence[float], days: int) -> list[float]:
        """`add_business_days` for many starts (the loop is fast for `days >= 1`)."""
        if days >= 1:
            found = batch.add_business_days_forward(self._table_for_seconds(starts), starts, days)
        else:
            found = [None] * len(starts)

        def exact(k: int) -> int:
            moment = _to_datetime(_us(starts[k]))
            return _to_us(self.add_business_days(moment, days))

        return self._fill(found, exact)

    def business_day_dues_many(self, starts: Sequence[float], days: int) -> list[float]:
        """`add(t, elapsed(t, add_business_days(t, days)))` for many starts, in one pass.

        The due times of clocks starting at `starts` with a target of `days` business dates
        and no pause (see `desk.sla.deadlines`); epoch seconds in and out.
        """
        if days >= 1:
            found = batch.business_day_dues(self._table_for_seconds(starts), starts, days)
        else:
            found = [None] * len(starts)

        def exact(k: int) -> int:
            start = _to_datetime(_us(starts[k]))
            return _to_us(self.add(start, self.elapsed(start, self.add_business_days(start, days))))

        return self._fill(found, exact)

    # -- internals -----------------------------------------------------------------------------

    def _shifts_on(self, day: date) -> tuple[Shift, ...]:
        shifts = self._overrides.get(day)
        if shifts is not None:
            return shifts
        if day in self._holidays:
            return ()
        return self._weekly[day.weekday()]

    def _add_business_days_us(self, start: datetime, x: int, days: int) -> int:
        table = self._table_for(x, x)
        while True:
            i = bisect_right(table.day_starts, x) - 1
            j = _business_day_after(table, i, days)
            if j is not None:
                break
            table = self._grow(table, forward=days > 0)
        if table.regular[i] and table.regular[j]:
            y = table.day_starts[j] + x - table.day_starts[i]
        else:
            y = self._same_clock_us(start, table.first + j)
        return self._previous_us(y) if days < 0 else self._next_us(y)

    def _add_us(self, x: int, d: int) -> int:
        """`add` (or `subtract`, for negative `d`) on epoch microseconds."""
        table = self._table_for(x, x)
        if d == 0:
            return x
        w = table.working_until(x) + d
        if d > 0:
            while w > table.w_hi:
                table = self._grow(table, forward=True)
            j = bisect_left(table.cum, w) - 1
        else:
            while w < table.w_lo:
                table = self._grow(table, forward=False)
            j = bisect_right(table.cum, w) - 1
        return table.opens[j] + w - table.cum[j]

    def _elapsed_us(self, a: int, b: int) -> int:
        if b <= a:
            return 0
        table = self._table_for(a, b)
        return table.working_until(b) - table.working_until(a)

    def _next_us(self, x: int) -> int:
        table = self._table_for(x, x)
        while True:
            i = bisect_right(table.opens, x) - 1
            if x < table.closes[i]:
                return x
            if i + 2 < len(table.opens):  # the last entry is a sentinel
                return table.opens[i + 1]
            table = self._grow(table, forward=True)

    def _previous_us(self, x: int) -> int:
        table = self._table_for(x, x)
        while True:
            i = bisect_right(table.opens, x) - 1
            close = table.closes[i]
            if i > 0 and (x <= close or close >= table.lo):
                return min(x, close)
            table = self._grow(table, forward=False)

    def _same_clock_us(self, start: datetime, ordinal: int) -> int:
        """The local wall-clock time of `start` on another date, with the DST rules."""
        clock = start.astimezone(self.zone).time().replace(fold=0)
        moment = datetime.combine(date.fromordinal(ordinal), clock, tzinfo=self.zone)
        return (moment - EPOCH) // ONE_US

    def _fill(self, found: list[float | None], exact: Callable[[int], int]) -> list[float]:
        """Answer the batch misses through the exact path (which widens the table)."""
        if None not in found:
            return found  # type: ignore[return-value]  # no miss: all floats
        return [exact(k) / US_PER_S if value is None else value for k, value in enumerate(found)]

    def _table_for_seconds(self, *moments: Sequence[float]) -> WorkTable:
        present = [values for values in moments if values]
        if not present:
            return self._table_for(0, 0)
        low, high = min(map(min, present)), max(map(max, present))
        return self._table_for(_us(low), _us(high))

    def _table_for(self, low: int, high: int) -> WorkTable:
        """A table exact on `[low, high]`."""
        table = self._table
        if table is not None and table.lo <= low and high <= table.hi:
            return table
        first_year = _to_datetime(low - 2 * DAY_S * US_PER_S).year
        end_year = _to_datetime(high + 2 * DAY_S * US_PER_S).year + 1
        return self._widen(first_year, end_year)

    def _grow(self, table: WorkTable, *, forward: bool) -> WorkTable:
        """Double the window forward or back; refuse when no working time can ever come."""
        span = table.end_year - table.first_year
        if forward:
            end = date(table.end_year, 1, 1)
            if not any(self._weekly) and (not self._override_span or self._override_span[1] < end):
                raise ValueError(f"{self!r} has no working time after {end}")
            return self._widen(table.first_year, table.end_year + span)
        first = date(table.first_year, 1, 1)
        if not any(self._weekly) and (not self._override_span or self._override_span[0] >= first):
            raise ValueError(f"{self!r} has no working time before {first}")
        return self._widen(table.first_year - span, table.end_year)

    def _widen(self, first_year: int, end_year: int) -> WorkTable:
        with self._lock:
            old = self._table
            if old is not None:
                first_year = min(first_year, old.first_year)
                end_year = max(end_year, old.end_year)
            table = build_table(self.zone, self._shifts_on, first_year, end_year, old)
            self._table = table
            return table


def _business_day_after(table: WorkTable, i: int, days: int) -> int | None:
    """Index of the date `days` business dates after date index `i`, if the table has it."""
    if days == 0:
        return i
    if days > 0:
        k = bisect_right(table.business, i) + days - 1
        return table.business[k] if k < len(table.business) else None
    k = bisect_left(table.business, i) + days
    return table.business[k] if k >= 0 and table.business[k] > 0 else None


def _to_us(moment: datetime) -> int:
    try:
        return (moment - EPOCH) // ONE_US
    except TypeError:
        raise _refusal(moment) from None


def _refusal(moment: object) -> Exception:
    if isinstance(moment, datetime):
        return ValueError(f"a timezone-aware datetime is required, got {moment!r}")
    return TypeError(f"a datetime is required, got {moment!r}")


def _to_datetime(x: int) -> datetime:
    if -_EXACT_FLOAT_US < x < _EXACT_FLOAT_US:
        return _from_timestamp(x / US_PER_S, UTC)
    return EPOCH + timedelta(microseconds=x)


def _us(seconds: float) -> int:
    return round(seconds * US_PER_S)
