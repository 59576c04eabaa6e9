"""The precomputed working timeline behind `BusinessCalendar` (private; pure: no Django).

A `WorkTable` covers the local dates of a window of whole years. It holds the merged working
intervals as sorted UTC epoch microseconds and the cumulative working time before each, so every
calendar query is a binary search plus integer arithmetic. Float epoch-second copies serve the
batch forms. The table is exact for instants in `[lo, hi)`: from the start of the window's second
date (a shift opened the day before the window may still run into its first date) to the start
of the date after the window. `BusinessCalendar` builds a wider table when a query leaves it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
US_PER_S = 1_000_000
DAY_S = 86_400
DAY_US = DAY_S * US_PER_S
FIRST_YEAR = 2  # a window needs the day before its first date
LAST_YEAR = 9998  # ... and the day after its last one

# One shift of a date: seconds after local midnight it opens and closes. A close at or before
# the open is on the next date; 86_400 is 24:00.
Shift = tuple[int, int]
ShiftsOn = Callable[[date], tuple[Shift, ...]]


def local_us(zone: ZoneInfo, ordinal: int, seconds: int) -> int:
    """UTC epoch microseconds of a local wall-clock time (`seconds` may pass midnight).

    `fold=0` gives the DST rules: a time in a gap moves forward by the gap, an ambiguous time
    takes its first occurrence.
    """
    days, seconds = divmod(seconds, DAY_S)
    hours, rest = divmod(seconds, 3600)
    wall = time(hours, rest // 60, rest % 60)
    moment = datetime.combine(date.fromordinal(ordinal + days), wall, tzinfo=zone)
    return (moment - EPOCH) // ONE_US


@dataclass(frozen=True, slots=True)
class WorkTable:
    """Working intervals of the local dates `[first_year-01-01, end_year-01-01)`.

    `opens`/`closes` start and end with a zero-length sentinel so that a search always finds an
    interval on either side; `cum[k]` is the working time before interval `k` (it may be
    negative: extending a table keeps the values of the old one). `day_starts[k]` is the first
    instant of local date `first + k` (one more than there are dates); `regular[k]` says that
    date has 24 hours, so its wall clock is `day_starts[k]` plus elapsed time; `business` lists
    the indices of dates on which a shift opens.
    """

    first_year: int
    end_year: int
    first: int
    day_starts: list[int]
    regular: list[bool]
    business: list[int]
    opens: list[int]
    closes: list[int]
    cum: list[int]
    lo: int
    hi: int
    w_lo: int
    w_hi: int
    opens_s: list[float]
    closes_s: list[float]
    cum_s: list[float]
    day_starts_s: list[float]

    def working_until(self, x: int) -> int:
        """Working time from the table's origin to `x` (which lies in `[lo, hi]`)."""
        i = bisect_right(self.opens, x) - 1
        close = self.closes[i]
        return self.cum[i] + (close if x > close else x) - self.opens[i]


def build_table(
    zone: ZoneInfo, shifts_on: ShiftsOn, first_year: int, end_year: int, anchor: WorkTable | None
) -> WorkTable:
    """Lay out the working intervals of the given years; keep `anchor`'s cumulative values."""
    if first_year < FIRST_YEAR or end_year > LAST_YEAR:
        msg = f"business calendars cover years {FIRST_YEAR}..{LAST_YEAR - 1} only"
        raise ValueError(msg)
    first = date(first_year, 1, 1).toordinal()
    days = date(end_year, 1, 1).toordinal() - first
    day_starts = [local_us(zone, first + k, 0) for k in range(days + 2)]
    regular = [day_starts[k + 1] - day_starts[k] == DAY_US for k in range(days + 1)]
    raw: list[tuple[int, int]] = []
    business: list[int] = []
    for k in range(days):
        day_intervals = _day_intervals(zone, shifts_on, first, k, day_starts, regular)
        if day_intervals:
            business.append(k)
            raw.extend(day_intervals)
    opens, closes, cum = _merge(raw, day_starts[0] - DAY_US, day_starts[-1] + 2 * DAY_US)
    days_part = (first, day_starts[:-1], regular[:-1], business)
    return _assemble(first_year, end_year, *days_part, opens, closes, cum, anchor)


def _day_intervals(
    zone: ZoneInfo,
    shifts_on: ShiftsOn,
    first: int,
    k: int,
    day_starts: list[int],
    regular: list[bool],
) -> list[tuple[int, int]]:
    """The non-empty UTC intervals of the shifts that open on date `first + k`."""
    found = []
    for open_s, close_s in shifts_on(date.fromordinal(first + k)):
        end_s = close_s if close_s > open_s else close_s + DAY_S
        opened = _wall_us(zone, first, k, open_s, day_starts, regular)
        closed = _wall_us(zone, first, k, end_s, day_starts, regular)
        if closed > opened:  # a shift inside a DST gap may vanish
            found.append((opened, closed))
    return found


def _wall_us(
    zone: ZoneInfo, first: int, k: int, seconds: int, day_starts: list[int], regular: list[bool]
) -> int:
    """`local_us` for date index `k`, by arithmetic on days without a UTC offset change."""
    if seconds >= DAY_S:
        k, seconds = k + 1, seconds - DAY_S
    if regular[k]:
        return day_starts[k] + seconds * US_PER_S
    return local_us(zone, first + k, seconds)


def _merge(
    raw: list[tuple[int, int]], before: int, after: int
) -> tuple[list[int], list[int], list[int]]:
    """Sort and merge overlapping or touching intervals; add the sentinels and the sums."""
    opens, closes = [before], [before]
    for opened, closed in sorted(raw):
        if opened <= closes[-1] and len(opens) > 1:
            closes[-1] = max(closes[-1], closed)
        else:
            opens.append(opened)
            closes.append(closed)
    opens.append(after)
    closes.append(after)
    cum, total = [], 0
    for opened, closed in zip(opens, closes, strict=True):
        cum.append(total)
        total += closed - opened
    return opens, closes, cum


def _assemble(
    first_year: int,
    end_year: int,
    first: int,
    day_starts: list[int],
    regular: list[bool],
    business: list[int],
    opens: list[int],
    closes: list[int],
    cum: list[int],
    anchor: WorkTable | None,
) -> WorkTable:
    lo, hi = day_starts[1], day_starts[-1]
    if anchor is not None:  # keep the old values, so a caller's W(x) stays valid
        unshifted = _working_until(opens, closes, cum, anchor.lo)
        shift = anchor.working_until(anchor.lo) - unshifted
        cum = [value + shift for value in cum]
    w_lo = _working_until(opens, closes, cum, lo)
    w_hi = _working_until(opens, closes, cum, hi)
    return WorkTable(
        first_year=first_year,
        end_year=end_year,
        first=first,
        day_starts=day_starts,
        regular=regular,
        business=business,
        opens=opens,
        closes=closes,
        cum=cum,
        lo=lo,
        hi=hi,
        w_lo=w_lo,
        w_hi=w_hi,
        opens_s=[value / US_PER_S for value in opens],
        closes_s=[value / US_PER_S for value in closes],
        cum_s=[value / US_PER_S for value in cum],
        day_starts_s=[value / US_PER_S for value in day_starts],
    )


def _working_until(opens: list[int], closes: list[int], cum: list[int], x: int) -> int:
    i = bisect_right(opens, x) - 1
    return cum[i] + min(x, closes[i]) - opens[i]
