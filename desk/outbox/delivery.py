"""Deliver one outbox row through Django's email backend, at most once per claim.

A row is claimed with a conditional UPDATE (state and due time checked in the WHERE clause), so
two workers running the same task never both send; a sent row is never claimed again. A worker
that died while sending leaves a stale claim that is retried after DESK_MAIL_CLAIM_LEASE_SECONDS,
with the same Message-ID so that receivers see one message.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.db.models import F, Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError

from desk.core import clock
from desk.outbox.headers import LOOP_HEADER, loop_value, one_line, thread_message_id
from desk.outbox.models import MailState, OutboxMail, UndeliverableAddress
from desk.outbox.rendering import render_mail
from desk.outbox.reply_tokens import reply_address

MAX_BACKOFF = timedelta(hours=6)
_PERMANENT = (TemplateDoesNotExist, TemplateSyntaxError, BadHeaderError, ValueError)


def claim(mail_id: int) -> bool:
    now = clock.now()
    stale = now - timedelta(seconds=settings.DESK_MAIL_CLAIM_LEASE_SECONDS)
    due = Q(state=MailState.PENDING, next_attempt_at__lte=now) | Q(
        state=MailState.SENDING, claimed_at__lt=stale
    )
    updated = OutboxMail.objects.filter(due, pk=mail_id).update(
        state=MailState.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return updated == 1


def deliver(mail_id: int) -> str:
    """Send the row if it is due; returns its state afterwards (PENDING means retry later)."""
    if not claim(mail_id):
        return OutboxMail.objects.filter(pk=mail_id).values_list("state", flat=True).first() or ""
    mail = OutboxMail.objects.get(pk=mail_id)
    if UndeliverableAddress.objects.filter(email=mail.recipient_email).exists():
        return _finish(mail, MailState.SUPPRESSED, reason="undeliverable")
    try:
        build_message(mail).send()
    except _PERMANENT as exc:
        return _finish(mail, MailState.FAILED, reason="permanent", error=exc)
    except smtplib.SMTPRecipientsRefused as exc:
        if all(code >= 500 for code, _ in exc.recipients.values()):
            return _finish(mail, MailState.FAILED, reason="rejected", error=exc)
        return _retry(mail, exc)
    except Exception as exc:
        return _retry(mail, exc)
    return _finish(mail, MailState.SENT)


def build_message(mail: OutboxMail) -> EmailMultiAlternatives:
    rendered = render_mail(mail.template, mail.language, mail.context)
    headers = {
        "Message-ID": mail.message_id,
        "Auto-Submitted": mail.auto_submitted,
        LOOP_HEADER: loop_value(),
        "X-Auto-Response-Suppress": "All",
    }
    references = [thread_message_id(mail.thread_ref)] if mail.thread_ref else []
    if mail.in_reply_to:
        references.append(mail.in_reply_to)
    if references:
        headers["In-Reply-To"] = references[-1]
        headers["References"] = " ".join(references)
    reply_to = []
    if mail.reply_ticket_id and mail.recipient_id:
        reply_to = [reply_address(ticket_id=mail.reply_ticket_id, user_id=mail.recipient_id)]
    message = EmailMultiAlternatives(
        subject=one_line(rendered.subject, limit=250),
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((one_line(mail.recipient_name, limit=100), mail.recipient_email))],
        reply_to=reply_to,
        headers=headers,
    )
    message.attach_alternative(rendered.html, "text/html")
    return message


def _finish(
    mail: OutboxMail, state: str, *, reason: str = "", error: Exception | None = None
) -> str:
    OutboxMail.objects.filter(pk=mail.pk, state=MailState.SENDING).update(
        state=state,
        state_reason=reason,
        sent_at=clock.now() if state == MailState.SENT else None,
        claimed_at=None,
        last_error=repr(error)[:2000] if error else "",
    )
    return state


def _retry(mail: OutboxMail, error: Exception) -> str:
    if mail.attempts >= settings.DESK_MAIL_MAX_ATTEMPTS:
        return _finish(mail, MailState.FAILED, reason="attempts_exhausted", error=error)
    delay = timedelta(seconds=settings.DESK_MAIL_RETRY_BASE_SECONDS * 2 ** (mail.attempts - 1))
    OutboxMail.objects.filter(pk=mail.pk, state=MailState.SENDING).update(
        state=MailState.PENDING,
        next_attempt_at=clock.now() + min(delay, MAX_BACKOFF),
        claimed_at=None,
        last_error=repr(error)[:2000],
    )
    return MailState.PENDING


def due_mail_ids(limit: int = 100) -> list[int]:
    now = clock.now()
    stale = now - timedelta(seconds=settings.DESK_MAIL_CLAIM_LEASE_SECONDS)
    due = Q(state=MailState.PENDING, next_attempt_at__lte=now) | Q(
        state=MailState.SENDING, claimed_at__lt=stale
    )
    ids = OutboxMail.objects.filter(due).order_by("next_attempt_at").values_list("pk", flat=True)
    return list(ids[:limit])
