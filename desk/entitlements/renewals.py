"""Renewal reminders: 7 days and 1 day before a subscription ends, once per period end.

Each reminder is keyed on (subscription, current end, days), so a repeated run sends nothing more
and a renewal (a new end) gets reminders of its own. Deferred tasks send them on time where the
backend can defer; `send_renewal_reminders` is the periodic safety net.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from desk.core import clock
from desk.core.formatting import format_moment, format_time_zone
from desk.entitlements.models import Subscription
from desk.outbox.services import enqueue_mail

REMINDER_DAYS: Final = (7, 1)  # PRODUCT issue #4: a week and a day before the end


def reminder_times(ends_at: datetime) -> list[tuple[int, datetime]]:
    return [(days, ends_at - timedelta(days=days)) for days in REMINDER_DAYS]


def due_reminder_days(ends_at: datetime, now: datetime) -> int | None:
    """The reminder due at `now`: the closest threshold already passed, None if none/ended.

    Only the closest: a sweep that first sees a subscription 12 hours before its end sends the
    1-day reminder, not the 7-day one too.
    """
    if ends_at <= now:
        return None
    due = [days for days, at in reminder_times(ends_at) if at <= now]
    return min(due) if due else None


def remind(*, subscription: Subscription, days: int) -> bool:
    """Mail the customer about the coming end (idempotent per end and threshold)."""
    customer = subscription.customer
    if not customer.is_active:
        return False
    zone = ZoneInfo(customer.time_zone or "UTC")
    ends_at = format_moment(subscription.ends_at, language=customer.language, zone=zone)
    enqueue_mail(
        event_key=f"renewal:{subscription.pk}:{subscription.ends_at.isoformat()}:{days}",
        recipient=customer,
        template="renewal_reminder",
        context={
            "customer_name": customer.display_name,
            "store": subscription.store.display_url,
            "plan_name": subscription.plan.localized_name(customer.language),
            "ends_at": f"{ends_at} ({format_time_zone(zone, language=customer.language)})",
            "renew_url": settings.SITE_URL.rstrip("/") + reverse("portal:subscriptions"),
        },
    )
    return True


def remind_if_due(*, subscription_id: int, ends_at: datetime, days: int) -> str:
    """The deferred task's body: nothing when the subscription was renewed, shortened or ended."""
    subscription = (
        Subscription.objects.select_related("customer", "store", "plan")
        .filter(pk=subscription_id, ends_at=ends_at)
        .first()
    )
    if subscription is None or subscription.ends_at <= clock.now():
        return "obsolete"
    return "sent" if remind(subscription=subscription, days=days) else "skipped"


def send_renewal_reminders() -> int:
    """The sweep: every reminder whose time has come. Returns the number of reminders made."""
    now = clock.now()
    horizon = now + timedelta(days=max(REMINDER_DAYS))
    subscriptions = Subscription.objects.filter(ends_at__gt=now, ends_at__lte=horizon)
    made = 0
    for subscription in subscriptions.select_related("customer", "store", "plan"):
        days = due_reminder_days(subscription.ends_at, now)
        if days is not None and remind(subscription=subscription, days=days):
            made += 1
    return made
