"""The unprocessable spool: raw mail kept with its reason, once per (mailbox, raw bytes)."""

from __future__ import annotations

from django.db.models import F

from desk.mail.models import SpoolState, UnprocessableMail
from desk.mail.pipeline import Inbound


def keep(mail: Inbound, *, reason: str) -> UnprocessableMail:
    entry, created = UnprocessableMail.objects.get_or_create(
        mailbox=mail.mailbox,
        raw_sha256=mail.sha256,
        defaults={
            "envelope_recipient": mail.envelope_recipient[:254],
            "raw": mail.raw,
            "size": len(mail.raw),
            "reason": reason,
        },
    )
    if not created:
        UnprocessableMail.objects.filter(pk=entry.pk).update(
            attempts=F("attempts") + 1, reason=reason, state=SpoolState.PENDING
        )
    return entry
