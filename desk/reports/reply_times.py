"""First-reply working time, from the outcome events of reply clocks (met or breached).

`working_seconds_used` is the time on the SLA calendar from the customer's message to the reply.
A clock breached before any reply (the breach task recorded it at the due time) only tells that
the reply took at least that long: such clocks are counted at that lower bound and reported as
`unanswered_at_due`. One query, whatever the number of events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from desk.reports.charts import BarChart, Series, bar_chart
from desk.reports.distribution import REPLY_BOUNDS, REPLY_LABELS, histogram, percentile
from desk.tickets.models import SLA_OUTCOME_KINDS, TicketEvent

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
    """First replies whose clock ended (reply or breach) in `(since, until]`, by Hotrush."""
    events = TicketEvent.objects.filter(
        kind__in=SLA_OUTCOME_KINDS, created_at__gt=since, created_at__lte=until
    ).values_list("data", "ticket__is_hotrush")
    seconds: dict[str, list[int]] = {key: [] for key in GROUPS}
    unanswered: dict[str, int] = dict.fromkeys(GROUPS, 0)
    for data, hotrush in events.order_by():
        used = data.get("working_seconds_used")
        if not data.get("first", True) or not isinstance(used, int):
            continue
        key = "hotrush" if data.get("hotrush", hotrush) else "common"
        seconds[key].append(used)
        unanswered[key] += data.get("replied_at") is None
    labels = {"common": _("Common inquiry"), "hotrush": _("Hotrush")}
    everything = [value for key in GROUPS for value in seconds[key]]
    return ReplyTimes(
        overall=_distribution("all", _("All"), everything, sum(unanswered.values())),
        groups=[_distribution(key, labels[key], seconds[key], unanswered[key]) for key in GROUPS],
    )


def _distribution(key: str, label: str, values: list[int], unanswered: int) -> Distribution:
    return Distribution(
        key=key,
        label=label,
        counts=histogram(values, REPLY_BOUNDS),
        median=percentile(values, 50),
        p90=percentile(values, 90),
        unanswered_at_due=unanswered,
    )


def reply_time_chart(report: ReplyTimes) -> BarChart:
    return bar_chart(
        [str(label) for label in REPLY_LABELS],
        [Series(group.label, group.counts) for group in report.groups],
        description=_("First replies by working time to reply, Hotrush and common inquiries"),
    )
