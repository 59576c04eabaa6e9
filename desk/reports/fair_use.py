"""Fair use: the subscriptions awaiting review, and the heaviest users of the window.

Usage is what `desk.entitlements.services.record_usage` counts: requests opened and engineer
replies in the last `window_days` days. Two queries, whatever the number of subscriptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Greatest

from desk.entitlements.models import Subscription, UsageKind
from desk.entitlements.selectors import flagged_subscriptions


@dataclass(frozen=True, slots=True)
class Thresholds:
    window_days: int
    max_requests: int
    max_replies: int


@dataclass(frozen=True, slots=True)
class UsageRow:
    subscription: Subscription
    requests: int
    replies: int
    thresholds: Thresholds

    @property
    def requests_over(self) -> bool:
        return self.requests > self.thresholds.max_requests

    @property
    def replies_over(self) -> bool:
        return self.replies > self.thresholds.max_replies

    @property
    def percent_of_allowance(self) -> int:
        """The larger of the two counts as a share of its threshold, in whole percent."""
        return max(
            100 * self.requests // max(self.thresholds.max_requests, 1),
            100 * self.replies // max(self.thresholds.max_replies, 1),
        )


@dataclass(frozen=True, slots=True)
class FairUse:
    thresholds: Thresholds
    flagged: list[UsageRow]
    top: list[UsageRow]


def fair_use_overview(*, now: datetime, thresholds: Thresholds, top: int = 10) -> FairUse:
    """Flagged subscriptions (longest waiting first) and the `top` by share of allowance."""
    since = now - timedelta(days=thresholds.window_days)
    flagged = _with_usage(flagged_subscriptions(), since)
    heaviest = (
        _with_usage(Subscription.objects.select_related("customer", "store", "plan"), since)
        .filter(Q(requests__gt=0) | Q(replies__gt=0))
        # Compare the two shares on a common denominator: requests/maxR vs replies/maxP.
        .annotate(
            load=Greatest(
                F("requests") * max(thresholds.max_replies, 1),
                F("replies") * max(thresholds.max_requests, 1),
            )
        )
        .order_by("-load", "-requests", "pk")[:top]
    )

    def rows(subscriptions: QuerySet[Subscription]) -> list[UsageRow]:
        return [
            UsageRow(sub, sub.requests, sub.replies, thresholds)  # type: ignore[attr-defined]
            for sub in subscriptions
        ]

    return FairUse(thresholds=thresholds, flagged=rows(flagged), top=rows(heaviest))


def _with_usage(subscriptions: QuerySet[Subscription], since: datetime) -> QuerySet[Subscription]:
    in_window = Q(usage__created_at__gt=since)
    return subscriptions.annotate(
        requests=Count("usage", filter=in_window & Q(usage__kind=UsageKind.REQUEST)),
        replies=Count("usage", filter=in_window & Q(usage__kind=UsageKind.REPLY)),
    )


def subscription_exists(subscription_id: int) -> bool:
    return Subscription.objects.filter(pk=subscription_id).exists()
