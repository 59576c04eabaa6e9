"""Deliver one outbox row, at most once per claim, and never twice once a server accepted it.

A row is claimed with a conditional UPDATE (state and due time checked in the WHERE clause), so
two workers running the same task never both send; a sent row is never claimed again. The claim
names the worker (`claimed_by`). A claim is recovered (taken over) when its worker stopped
beating (killed or frozen: within DESK_WORKER_STALE_SECONDS, by the periodic outbox sweep of any
worker) or, for a sender that is no worker, after DESK_MAIL_CLAIM_LEASE_SECONDS.

Just before the final "." of the SMTP transaction, `smtp_committing_at` is committed (see
`smtp.py`). A recovered claim with that mark is not sent again: the server may already have the
mail, so it is marked sent with the reason `unconfirmed` (listed in the admin). Without the mark
the server never got a complete message, and the mail is sent again with the same Message-ID.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.db.models import F, Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError

from desk.core import clock, workers
from desk.outbox.headers import LOOP_HEADER, loop_value, one_line, thread_message_id
from desk.outbox.models import MailState, OutboxMail, UndeliverableAddress
from desk.outbox.rendering import render_mail
from desk.outbox.reply_tokens import reply_address
from desk.outbox.return_paths import return_path
from desk.outbox.smtp import send_once

MAX_BACKOFF = timedelta(hours=6)
_PERMANENT = (TemplateDoesNotExist, TemplateSyntaxError, BadHeaderError, ValueError)


def _recoverable() -> Q:
    """Claims that may be taken over now: past the lease, or held by a worker that died."""
    now = clock.now()
    stale = now - timedelta(seconds=settings.DESK_MAIL_CLAIM_LEASE_SECONDS)
    sending = OutboxMail.objects.filter(state=MailState.SENDING).exclude(claimed_by="")
    holders = set(sending.values_list("claimed_by", flat=True).distinct()[:500])
    dead = workers.dead_worker_ids(holders)
    return Q(state=MailState.SENDING) & (Q(claimed_at__lt=stale) | Q(claimed_by__in=dead))


def claim(mail_id: int) -> bool:
    now = clock.now()
    due = Q(state=MailState.PENDING, next_attempt_at__lte=now) | _recoverable()
    updated = OutboxMail.objects.filter(due, pk=mail_id).update(
        state=MailState.SENDING,
        claimed_at=now,
        claimed_by=workers.current_worker_id(),
        attempts=F("attempts") + 1,
    )
    return updated == 1


def deliver(mail_id: int) -> str:
    """Send the row if it is due; returns its state afterwards (PENDING means retry later)."""
    if not claim(mail_id):
        return OutboxMail.objects.filter(pk=mail_id).values_list("state", flat=True).first() or ""
    mail = OutboxMail.objects.get(pk=mail_id)
    if mail.smtp_committing_at is not None:  # a dead worker may have had it accepted
        return _finish(mail, MailState.SENT, reason="unconfirmed")
    if UndeliverableAddress.objects.filter(email=mail.recipient_email).exists():
        return _finish(mail, MailState.SUPPRESSED, reason="undeliverable")
    try:
        send_once(build_message(mail), before_commit=lambda: _mark_committing(mail))
    except _PERMANENT as exc:
        return _finish(mail, MailState.FAILED, reason="permanent", error=exc)
    except smtplib.SMTPRecipientsRefused as exc:
        if all(code >= 500 for code, _ in exc.recipients.values()):
            return _finish(mail, MailState.FAILED, reason="rejected", error=exc)
        return _retry(mail, exc)
    except smtplib.SMTPResponseException as exc:  # a definite answer: nothing was accepted
        if exc.smtp_code >= 500:
            return _finish(mail, MailState.FAILED, reason="rejected", error=exc)
        return _retry(mail, exc)
    except Exception as exc:
        if mail.smtp_committing_at is not None:  # lost the line after the final "."
            return _finish(mail, MailState.SENT, reason="unconfirmed", error=exc)
        return _retry(mail, exc)
    return _finish(mail, MailState.SENT)


def _mark_committing(mail: OutboxMail) -> None:
    """Committed at once (the worker runs outside a transaction): it must survive a kill."""
    mail.smtp_committing_at = clock.now()
    OutboxMail.objects.filter(pk=mail.pk, state=MailState.SENDING).update(
        smtp_committing_at=mail.smtp_committing_at
    )


def build_message(mail: OutboxMail) -> EmailMultiAlternatives:
    rendered = render_mail(mail.template, mail.language, mail.context)
    headers = {
        # The envelope sender is the per-mail return path (VERP); people see our address.
        "From": settings.DEFAULT_FROM_EMAIL,
        "Message-ID": mail.message_id,
        "Auto-Submitted": mail.auto_submitted,
        LOOP_HEADER: loop_value(mail.message_id),
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
        from_email=return_path(mail.pk),
        to=[formataddr((one_line(mail.recipient_name, limit=100), mail.recipient_email))],
        reply_to=reply_to,
        headers=headers,
    )
    message.attach_alternative(rendered.html, "text/html")
    if mail.calendar:
        method = _calendar_method(mail.calendar)
        message.attach("invite.ics", mail.calendar, f"text/calendar; method={method}")
    return message


def _calendar_method(calendar: str) -> str:
    """The METHOD of an iCalendar text (REQUEST when it names none), for the MIME type."""
    for line in calendar.splitlines():
        name, _colon, value = line.partition(":")
        if name.strip().upper() == "METHOD" and value.strip().isalpha():
            return value.strip().upper()
    return "REQUEST"


def _finish(
    mail: OutboxMail, state: str, *, reason: str = "", error: Exception | None = None
) -> str:
    OutboxMail.objects.filter(pk=mail.pk, state=MailState.SENDING).update(
        state=state,
        state_reason=reason,
        sent_at=clock.now() if state == MailState.SENT else None,
        claimed_at=None,
        claimed_by="",
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
        claimed_by="",
        smtp_committing_at=None,
        last_error=repr(error)[:2000],
    )
    return MailState.PENDING


def due_mail_ids(limit: int = 100) -> list[int]:
    now = clock.now()
    due = Q(state=MailState.PENDING, next_attempt_at__lte=now) | _recoverable()
    ids = OutboxMail.objects.filter(due).order_by("next_attempt_at").values_list("pk", flat=True)
    return list(ids[:limit])
