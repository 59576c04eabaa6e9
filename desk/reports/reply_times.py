"""First-reply working time, from the outcome events of reply clocks (met or breached).

`working_seconds_used` is the time on the SLA calendar from the customer's message to the reply.
A clock breached before any reply (the breach task recorded it at the due time) only tells that
the reply took at least that long: such clocks are counted at that lower bound and reported as
`unanswered_at_due`. Counted in SQL over the maintained `ReplyOutcome` aggregate (indexed on
the time the outcome was recorded): one grouped query for the buckets, one per percentile
(nearest rank, read at its offset in the database's order), whatever the number of outcomes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from desk.reports.distribution import REPLY_BOUNDS
from desk.tickets.models import ReplyOutcome

GROUPS = ("common", "hotrush")


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
    outcomes = ReplyOutcome.objects.filter(
        recorded_at__gt=since, recorded_at__lte=until, is_first=True, plan__isnull=False
    )
    lows = (0, *REPLY_BOUNDS)
    buckets = {
        f"bucket{k}": Count(
            "id",
            filter=Q(working_seconds_used__gte=low)
            & (Q(working_seconds_used__lt=REPLY_BOUNDS[k]) if k < len(REPLY_BOUNDS) else Q()),
        )
        for k, low in enumerate(lows)
    }
    grouped = {
        "hotrush" if row["is_hotrush"] else "common": row
        for row in outcomes.order_by()
        .values("is_hotrush")
        .annotate(**buckets, unanswered=Count("id", filter=Q(is_replied=False)))
    }
    labels = {"common": _("Common inquiry"), "hotrush": _("Hotrush")}
    groups = []
    for key in GROUPS:
        row = grouped.get(key, {})
        counts = [row.get(f"bucket{k}", 0) for k in range(len(lows))]
        chosen = outcomes.filter(is_hotrush=key == "hotrush")
        groups.append(_distribution(key, labels[key], chosen, counts, row.get("unanswered", 0)))
    overall_counts = [sum(group.counts[k] for group in groups) for k in range(len(lows))]
    unanswered = sum(group.unanswered_at_due for group in groups)
    overall = _distribution("all", _("All"), outcomes, overall_counts, unanswered)
    return ReplyTimes(overall=overall, groups=groups)


def _distribution(
    key: str, label: str, outcomes: QuerySet[ReplyOutcome], counts: list[int], unanswered: int
) -> Distribution:
    total = sum(counts)
    return Distribution(
        key=key,
        label=label,
        counts=counts,
        median=_percentile(outcomes, total, 50),
        p90=_percentile(outcomes, total, 90),
        unanswered_at_due=unanswered,
    )


def _percentile(outcomes: QuerySet[ReplyOutcome], total: int, percent: int) -> int | None:
    """Nearest rank (as `distribution.percentile`): the value at rank ceil(p * n / 100)."""
    if not total:
        return None
    rank = max(math.ceil(percent * total / 100), 1)
    ordered = outcomes.order_by("working_seconds_used").values_list(
        "working_seconds_used", flat=True
    )
    return int(ordered[rank - 1])
