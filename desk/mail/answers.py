"""Automatic answers to incoming mail (RFC 3834 auto-replied): the HelpDesk pointer, the
"needs review" notice and the oversize bounce. At most one of a kind per sender per
DESK_MAIL_POINTER_DAYS, and never to automatic mail (the pipeline stops that earlier)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from desk.accounts.models import User
from desk.core import clock
from desk.outbox import services as outbox
from desk.outbox.models import AutoSubmitted, OutboxMail


def send_answer(
    *, template: str, to: User | str, subject: str, in_reply_to: str, extra: str = ""
) -> OutboxMail | None:
    """Enqueue `template` to `to` unless one went to that address within the period."""
    address = (to.email if isinstance(to, User) else to).lower()
    days = settings.DESK_MAIL_POINTER_DAYS
    recent = OutboxMail.objects.filter(
        template=template,
        recipient_email=address,
        created_at__gte=clock.now() - timedelta(days=days),
    )
    if recent.exists():
        return None
    # The period bucket in the key makes two concurrent answers collide on the unique key.
    bucket = int(clock.now().timestamp() // (days * 86400))
    return outbox.enqueue_mail(
        event_key=f"inbound-answer:{template}:{bucket}{extra}",
        recipient=to,
        template=template,
        context={
            "original_subject": subject or "(no subject)",
            "helpdesk_url": settings.DESK_HELPDESK_URL,
            "max_size": str(filesizeformat(settings.DESK_MAIL_INBOUND_MAX_BYTES)),
        },
        in_reply_to=in_reply_to,
        auto_submitted=AutoSubmitted.REPLIED,
    )
