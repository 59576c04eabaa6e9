"""Bucketing and percentiles of durations and ages. Pure: no database."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

MINUTE, HOUR, DAY = 60, 3600, 86400

# Upper bounds (exclusive) of the first-reply buckets, in working seconds.
REPLY_BOUNDS = (15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR)
REPLY_LABELS = (
    _("< 15 min"),
    _("15–30 min"),
    _("30–60 min"),
    _("1–2 h"),
    _("2–4 h"),
    _("4–8 h"),
    _("8–16 h"),
    _("> 16 h"),
)

# Upper bounds (exclusive) of the age buckets of open requests, in seconds.
AGE_BOUNDS = (DAY, 3 * DAY, 7 * DAY, 30 * DAY)
AGE_LABELS = (_("< 1 day"), _("1–3 days"), _("3–7 days"), _("7–30 days"), _("> 30 days"))


def bucket_of(value: float, bounds: Sequence[float]) -> int:
    """Index of the bucket holding `value`: bucket i is `[bounds[i-1], bounds[i])`, the last one
    is open-ended; there are `len(bounds) + 1` buckets."""
    return bisect_right(bounds, value)


def histogram(values: Sequence[float], bounds: Sequence[float]) -> list[int]:
    counts = [0] * (len(bounds) + 1)
    for value in values:
        counts[bucket_of(value, bounds)] += 1
    return counts


def percentile(values: Sequence[int], percent: float) -> int | None:
    """Nearest-rank percentile: the smallest value with at least `percent` % of the values at or
    below it (so the median of an even count is the lower middle). None for no values."""
    if not values:
        return None
    if not 0 < percent <= 100:
        raise ValueError(f"percent must be in (0, 100]: {percent}")
    ordered = sorted(values)
    rank = math.ceil(percent * len(ordered) / 100)
    return ordered[max(rank, 1) - 1]


def format_duration(seconds: int | None) -> str:
    """`45 min`, `2 h 05 min`, `3 d 4 h`; an em dash for no value."""
    if seconds is None:
        return "—"
    minutes = round(seconds / MINUTE)
    if minutes < 60:
        return ngettext("%(count)d min", "%(count)d min", minutes) % {"count": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return gettext("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    days, hours = divmod(hours, 24)
    return gettext("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
