"""Tight loops of the batch forms of `BusinessCalendar` (private; pure: no Django).

They read a `WorkTable`'s float copies: epoch seconds in, epoch seconds out. A start the table
cannot answer (outside it, a budget running past its end, a date with a UTC offset change) comes
back as `None`, and the calendar answers it through the exact single-call path.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from desk.sla._calendar_table import WorkTable


def add_seconds(
    table: WorkTable, starts: Sequence[float], budgets: Sequence[float]
) -> list[float | None]:
    """`add` for each start and its budget in seconds (not negative)."""
    opens, closes, cum = table.opens_s, table.closes_s, table.cum_s
    lo, hi = table.lo / 1e6, table.hi / 1e6
    w_hi = table.w_hi / 1e6
    out: list[float | None] = []
    append = out.append
    for x, budget in zip(starts, budgets, strict=True):
        if not budget:  # `add(t, 0)` is `t`, even outside working time
            append(x)
        elif lo <= x < hi:
            i = bisect_right(opens, x) - 1
            close = closes[i]
            w = cum[i] + (close if x > close else x) - opens[i] + budget
            if w <= w_hi:
                j = bisect_left(cum, w) - 1
                append(opens[j] + w - cum[j])
            else:
                append(None)
        else:
            append(None)
    return out


def elapsed_seconds(
    table: WorkTable, starts: Sequence[float], ends: Sequence[float]
) -> list[float | None]:
    """`elapsed` in seconds for each pair (0.0 when the end is not after the start)."""
    opens, closes, cum = table.opens_s, table.closes_s, table.cum_s
    lo, hi = table.lo / 1e6, table.hi / 1e6
    out: list[float | None] = []
    append = out.append
    for a, b in zip(starts, ends, strict=True):
        if b <= a:
            append(0.0)
        elif lo <= a and b <= hi:
            i = bisect_right(opens, a) - 1
            close = closes[i]
            w_a = cum[i] + (close if a > close else a) - opens[i]
            i = bisect_right(opens, b) - 1
            close = closes[i]
            append(cum[i] + (close if b > close else b) - opens[i] - w_a)
        else:
            append(None)
    return out


def add_business_days_forward(
    table: WorkTable, starts: Sequence[float], days: int
) -> list[float | None]:
    """`add_business_days` for `days >= 1`, on dates without a UTC offset change."""
    opens, closes = table.opens_s, table.closes_s
    day_starts, regular, business = table.day_starts_s, table.regular, table.business
    lo, hi = table.lo / 1e6, table.hi / 1e6
    last_open, last_day = len(opens) - 2, len(business) - days
    out: list[float | None] = []
    append = out.append
    for x in starts:
        if lo <= x < hi:
            i = bisect_right(day_starts, x) - 1
            k = bisect_right(business, i)
            if k <= last_day and regular[i]:
                j = business[k + days - 1]
                y = day_starts[j] + (x - day_starts[i])
                if regular[j] and y < hi:
                    m = bisect_right(opens, y) - 1
                    if y < closes[m]:
                        append(y)
                        continue
                    if m < last_open:
                        append(opens[m + 1])
                        continue
        append(None)
    return out


def business_day_dues(table: WorkTable, starts: Sequence[float], days: int) -> list[float | None]:
    """`add(t, elapsed(t, add_business_days(t, days)))` for `days >= 1`, fused in one pass."""
    opens, closes, cum = table.opens_s, table.closes_s, table.cum_s
    day_starts, regular, business = table.day_starts_s, table.regular, table.business
    lo, hi = table.lo / 1e6, table.hi / 1e6
    last_open, last_day = len(opens) - 2, len(business) - days
    out: list[float | None] = []
    append = out.append
    for x in starts:
        if lo <= x < hi:
            i = bisect_right(day_starts, x) - 1
            k = bisect_right(business, i)
            if k <= last_day and regular[i]:
                j = business[k + days - 1]
                y = day_starts[j] + (x - day_starts[i])
                if regular[j] and y < hi:
                    m = bisect_right(opens, y) - 1
                    if y < closes[m]:  # working time spent up to the target
                        w = cum[m] + y - opens[m]
                    elif m < last_open:
                        w = cum[m + 1]
                    else:
                        append(None)
                        continue
                    j = bisect_left(cum, w) - 1  # the earliest instant with that much spent
                    due = opens[j] + w - cum[j]
                    append(due if due > x else x)
                    continue
        append(None)
    return out
