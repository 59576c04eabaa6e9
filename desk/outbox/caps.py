"""Rate caps on automatic mail: at most N per request thread and per address in a window."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q

from desk.core import clock
from desk.outbox.models import MailState, OutboxMail


def is_capped(*, recipient_email: str, thread_ref: str) -> bool:
    """Both caps in one statement (each side read through its own index): every mail asks."""
    since = clock.now() - timedelta(minutes=settings.DESK_MAIL_CAP_WINDOW_MINUTES)
    to_address = Q(recipient_email=recipient_email)
    in_thread = Q(thread_ref=thread_ref) if thread_ref else Q(pk__in=[])
    counts = (
        OutboxMail.objects.filter(to_address | in_thread, created_at__gte=since)
        .exclude(state=MailState.SUPPRESSED)
        .aggregate(
            to_address=Count("pk", filter=to_address), in_thread=Count("pk", filter=in_thread)
        )
    )
    to_address_count: int = counts["to_address"]
    in_thread_count: int = counts["in_thread"]
    return (
        to_address_count >= settings.DESK_MAIL_CAP_PER_ADDRESS
        or in_thread_count >= settings.DESK_MAIL_CAP_PER_REQUEST
    )
