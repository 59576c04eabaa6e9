"""Renewal reminders 7 days and 1 day before the end, once each; renewal extends from the end."""

from datetime import UTC, datetime, timedelta

import pytest

from desk.billing.tests.factories import pending_order, store_of
from desk.entitlements import renewals, services
from desk.entitlements.models import Subscription
from desk.outbox.models import OutboxMail

JAN_10 = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
END = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock_at(monkeypatch):
    def move(moment):
        monkeypatch.setattr("desk.core.clock.now", lambda: moment)

    return move


@pytest.fixture
def monthly(alice, clock_at):
    clock_at(JAN_10)
    order = pending_order(alice, "subscription-1m", store=store_of(alice, "shop.example"))
    services.confirm_payment(order_id=order.pk)
    return Subscription.objects.get(store=order.store)


def reminders():
    return list(
        OutboxMail.objects.filter(template="renewal_reminder").values_list("event_key", flat=True)
    )


@pytest.mark.parametrize(
    ("before_end", "days"),
    [
        (timedelta(days=8), None),
        (timedelta(days=7), 7),
        (timedelta(days=2), 7),
        (timedelta(hours=23), 1),
        (timedelta(0), None),
    ],
)
def test_the_reminder_due(before_end, days):
    assert renewals.due_reminder_days(END, END - before_end) == days


def test_reminders_go_out_once_at_7_days_and_at_1_day(monthly, clock_at):
    key = f"renewal:{monthly.pk}:{END.isoformat()}"
    clock_at(END - timedelta(days=10))
    assert renewals.send_renewal_reminders() == 0
    clock_at(END - timedelta(days=6))
    renewals.send_renewal_reminders()
    renewals.send_renewal_reminders()
    assert reminders() == [f"{key}:7"]
    clock_at(END - timedelta(hours=20))
    renewals.send_renewal_reminders()
    assert sorted(reminders()) == [f"{key}:1", f"{key}:7"]
    mail = OutboxMail.objects.get(event_key=f"{key}:1")
    assert mail.context["store"] == "shop.example"
    assert mail.context["ends_at"] == "Feb 10, 2026, 1:00\u202fPM (Berlin)"


def test_renewing_extends_from_the_current_end_and_resets_the_reminders(alice, monthly, clock_at):
    clock_at(END - timedelta(days=6))
    renewals.send_renewal_reminders()
    renewal = pending_order(alice, "subscription-1m", store=monthly.store)
    services.confirm_payment(order_id=renewal.pk)
    monthly.refresh_from_db()
    assert monthly.ends_at == datetime(2026, 3, 10, 12, tzinfo=UTC)
    assert renewals.send_renewal_reminders() == 0
    assert renewals.remind_if_due(subscription_id=monthly.pk, ends_at=END, days=1) == "obsolete"
