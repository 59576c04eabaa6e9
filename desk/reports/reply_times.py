"""First-reply working time, from the outcome events of reply clocks (met or breached).

`working_seconds_used` is the time on the SLA calendar from the customer's message to the reply.
A clock breached before any reply (the breach task recorded it at the due time) only tells that
the reply took at least that long: such clocks are counted at that lower bound and reported as
`unanswered_at_due`. Counted in SQL over the maintained tally of first replies per day and
whole minute (`desk.tickets.tallies`), with the outcomes of the period's partial days at its
edges: one grouped query for the buckets and the minutes in which the percentiles lie, and one
small query per percentile for its value to the second (nearest rank), whatever the number of
outcomes.
"""

from __future__ import annotations

import logging
import math
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from desk.reports.distribution import REPLY_BOUNDS
from desk.tickets.models import ReplyOutcome, ReplyTimeTally
from desk.tickets.tallies import day_of, midnight

GROUPS = ("common", "hotrush")
logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Distribution:
    key: str
    label: str
    counts: list[int]
    median: int | None
    p90: int | None
    unanswered_at_due: int

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class ReplyTimes:
    overall: Distribution
    groups: list[Distribution]


def reply_time_distribution(*, since: datetime, until: datetime) -> ReplyTimes:
    """First replies whose clock ended (reply or breach) in `(since, until]`, by Hotrush; of
    contract requests only (department requests, on no plan, have their own reply policies)."""
    minutes = _minutes(since, until)
    lows = (0, *REPLY_BOUNDS)
    labels = {"common": _("Common inquiry"), "hotrush": _("Hotrush")}
    groups = [
        _distribution(key, labels[key], since, until, minutes, key == "hotrush", lows)
        for key in GROUPS
    ]
    overall = _distribution("all", _("All"), since, until, minutes, None, lows)
    return ReplyTimes(overall=overall, groups=groups)


# (is_hotrush, is_replied, whole minutes used) -> first replies
Minutes = dict[tuple[bool, bool, int], int]


def _minutes(since: datetime, until: datetime) -> Minutes:
    """The period's first replies by Hotrush, replied and whole minutes of working time: its
    whole UTC days from the maintained tally, the partial days at its edges from the outcomes."""
    first, last = day_of(since) + timedelta(days=1), day_of(until)  # whole days: [first, last)
    spans = [Q(recorded_at__gt=since, recorded_at__lte=until)]
    if first < last:
        spans = [
            Q(recorded_at__gt=since, recorded_at__lt=midnight(first)),
            Q(recorded_at__gte=midnight(last), recorded_at__lte=until),
        ]
    fields = ("is_hotrush", "is_replied", "used")
    # one query: the tally's whole days and each edge's outcomes, each through its own index
    rows = (
        ReplyTimeTally.objects.filter(day__gte=first, day__lt=last)
        .annotate(used=F("minutes"))
        .order_by()
        .values_list(*fields)
        .annotate(total=Sum("count"))
        .union(
            *(
                _first_replies()
                .filter(span)
                .annotate(used=F("working_seconds_used") / 60)
                .order_by()
                .values_list(*fields)
                .annotate(total=Count("id"))
                for span in spans
            ),
            all=True,
        )
    )
    found: Minutes = Counter()
    for hotrush, replied, used, total in rows:
        found[(hotrush, replied, int(used))] += total
    return found


def _first_replies() -> QuerySet[ReplyOutcome]:
    return ReplyOutcome.objects.filter(is_first=True, plan__isnull=False)


def _distribution(
    key: str,
    label: str,
    since: datetime,
    until: datetime,
    minutes: Minutes,
    hotrush: bool | None,
    lows: tuple[int, ...],
) -> Distribution:
    """One group's buckets (whole minutes, as the bounds are), unanswered count, median and
    90th percentile (to the second)."""
    per_minute: Counter[int] = Counter()
    unanswered = 0
    for (is_hotrush, replied, used), total in minutes.items():
        if hotrush is None or is_hotrush == hotrush:
            per_minute[used] += total
            unanswered += 0 if replied else total
    counts = [0] * len(lows)
    for used, total in per_minute.items():
        counts[bisect_right(lows, used * 60) - 1] += total
    chosen = _first_replies().filter(recorded_at__gt=since, recorded_at__lte=until)
    if hotrush is not None:
        chosen = chosen.filter(is_hotrush=hotrush)
    total = sum(counts)
    return Distribution(
        key=key,
        label=label,
        counts=counts,
        median=_percentile(chosen, per_minute, total, 50),
        p90=_percentile(chosen, per_minute, total, 90),
        unanswered_at_due=unanswered,
    )


def _percentile(
    outcomes: QuerySet[ReplyOutcome], per_minute: Counter[int], total: int, percent: int
) -> int | None:
    """Nearest rank (as `distribution.percentile`): the value at rank ceil(p * n / 100). The
    counts per minute say in which minute it lies and its rank there; the value to the second is
    read among that minute's outcomes (the used-time index). Should the tally have fallen out of
    step with the outcomes (a repair not yet rebuilt: `tallies.rebuild`), the value is read at its
    rank among all the period's outcomes instead, and the drift is logged."""
    if not total:
        return None
    rank = max(math.ceil(percent * total / 100), 1)
    left = rank
    for used in sorted(per_minute):
        if left <= per_minute[used]:
            within = outcomes.filter(
                working_seconds_used__gte=used * 60, working_seconds_used__lt=(used + 1) * 60
            )
            found = list(_by_time_used(within)[left - 1 : left])
            if found:
                return int(found[0])
            break
        left -= per_minute[used]
    logger.warning("reply time tally out of step with the outcomes: run tallies.rebuild()")
    found = list(_by_time_used(outcomes)[rank - 1 : rank])
    return int(found[0]) if found else None


def _by_time_used(outcomes: QuerySet[ReplyOutcome]) -> QuerySet[ReplyOutcome, int]:
    return outcomes.order_by("working_seconds_used").values_list("working_seconds_used", flat=True)
