"""Rate caps on automatic mail: at most N per request thread and per address in a window."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from desk.core import clock
from desk.outbox.models import MailState, OutboxMail


def is_capped(*, recipient_email: str, thread_ref: str) -> bool:
    since = clock.now() - timedelta(minutes=settings.DESK_MAIL_CAP_WINDOW_MINUTES)
    recent = OutboxMail.objects.filter(created_at__gte=since).exclude(state=MailState.SUPPRESSED)
    if recent.filter(recipient_email=recipient_email).count() >= settings.DESK_MAIL_CAP_PER_ADDRESS:
        return True
    return bool(
        thread_ref
        and recent.filter(thread_ref=thread_ref).count() >= settings.DESK_MAIL_CAP_PER_REQUEST
    )
