from datetime import timedelta

from django.test import override_settings

from desk.core import clock
from desk.entitlements import services
from desk.entitlements.models import (
    Subscription,
    SubscriptionEvent,
    SubscriptionEventKind,
    UsageKind,
    UsageRecord,
)
from desk.entitlements.tests.factories import subscription_for


def _flag_events(subscription):
    return list(
        SubscriptionEvent.objects.filter(
            subscription=subscription, kind=SubscriptionEventKind.FAIR_USE_FLAGGED
        ).values_list("data", flat=True)
    )


@override_settings(DESK_FAIR_USE_MAX_REQUESTS=2, DESK_FAIR_USE_WINDOW_DAYS=30)
def test_requests_above_the_threshold_flag_once_and_never_block(alice):
    subscription = subscription_for(alice)

    results = [
        services.record_usage(subscription=subscription, kind=UsageKind.REQUEST, ticket_id=n)
        for n in range(1, 6)
    ]

    assert results == [False, False, True, False, False]
    subscription.refresh_from_db()
    assert subscription.fair_use_flagged_at is not None
    assert subscription.is_active  # still usable: a flag is for staff review only
    assert _flag_events(subscription) == [
        {"kind": "request", "count": 3, "limit": 2, "window_days": 30}
    ]
    assert UsageRecord.objects.filter(subscription=subscription).count() == 5


@override_settings(DESK_FAIR_USE_MAX_REQUESTS=100, DESK_FAIR_USE_MAX_REPLIES=1)
def test_replies_have_their_own_threshold(alice):
    subscription = subscription_for(alice)
    services.record_usage(subscription=subscription, kind=UsageKind.REQUEST)
    services.record_usage(subscription=subscription, kind=UsageKind.REPLY)
    assert services.record_usage(subscription=subscription, kind=UsageKind.REPLY) is True
    assert _flag_events(subscription)[0]["kind"] == "reply"


@override_settings(DESK_FAIR_USE_MAX_REQUESTS=2, DESK_FAIR_USE_WINDOW_DAYS=30)
def test_usage_older_than_the_window_is_not_counted(alice):
    subscription = subscription_for(alice)
    old = clock.now() - timedelta(days=31)
    UsageRecord.objects.bulk_create(
        [UsageRecord(subscription=subscription, kind=UsageKind.REQUEST, created_at=old)] * 5
    )
    assert services.record_usage(subscription=subscription, kind=UsageKind.REQUEST) is False
    assert services.record_usage(subscription=subscription, kind=UsageKind.REQUEST) is False
    assert Subscription.objects.get(pk=subscription.pk).fair_use_flagged_at is None


@override_settings(DESK_FAIR_USE_MAX_REQUESTS=1)
def test_cleared_flag_is_raised_again_only_after_another_allowance(alice, staff_admin):
    subscription = subscription_for(alice)
    for _ in range(2):
        services.record_usage(subscription=subscription, kind=UsageKind.REQUEST)

    assert services.clear_fair_use_flag(subscription_id=subscription.pk, by=staff_admin) is True
    assert services.clear_fair_use_flag(subscription_id=subscription.pk, by=staff_admin) is False

    subscription.refresh_from_db()
    assert subscription.fair_use_flagged_at is None
    cleared = SubscriptionEvent.objects.get(kind=SubscriptionEventKind.FAIR_USE_CLEARED)
    assert cleared.data == {"by": staff_admin.pk, "note": ""}
    assert services.record_usage(subscription=subscription, kind=UsageKind.REQUEST) is False
    assert services.record_usage(subscription=subscription, kind=UsageKind.REQUEST) is True
    assert len(_flag_events(subscription)) == 2


@override_settings(DESK_FAIR_USE_MAX_REQUESTS=1, DESK_FAIR_USE_WINDOW_DAYS=30)
def test_a_flagged_subscription_only_records_its_usage(alice, django_assert_num_queries):
    # given: flagged, and read back as a request would read it
    subscription = subscription_for(alice)
    for n in (1, 2):
        services.record_usage(subscription=subscription, kind=UsageKind.REQUEST, ticket_id=n)
    subscription = Subscription.objects.get(pk=subscription.pk)
    flagged_at = subscription.fair_use_flagged_at
    assert flagged_at is not None
    # when: no count, no read of the last clearing, no UPDATE (issue 11: a busy customer)
    with django_assert_num_queries(1):
        raised = services.record_usage(
            subscription=subscription, kind=UsageKind.REQUEST, ticket_id=3
        )
    # then
    assert raised is False
    assert UsageRecord.objects.filter(subscription=subscription).count() == 3
    assert Subscription.objects.get(pk=subscription.pk).fair_use_flagged_at == flagged_at
    assert len(_flag_events(subscription)) == 1


@override_settings(DESK_FAIR_USE_MAX_REQUESTS=1, DESK_FAIR_USE_WINDOW_DAYS=30)
def test_the_instance_that_raised_the_flag_knows_it(alice):
    # given
    subscription = subscription_for(alice)
    services.record_usage(subscription=subscription, kind=UsageKind.REQUEST, ticket_id=1)
    # when
    raised = services.record_usage(subscription=subscription, kind=UsageKind.REQUEST, ticket_id=2)
    # then: the caller's object says what the row says
    assert raised is True
    stored = Subscription.objects.get(pk=subscription.pk).fair_use_flagged_at
    assert stored is not None
    assert subscription.fair_use_flagged_at == stored
