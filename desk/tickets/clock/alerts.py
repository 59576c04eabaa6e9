"""Warnings before a reply is due and breaches when it is due: the bodies of the reply-clock
tasks. Each is safe to run twice, and does nothing when the due time it was scheduled for is
no longer the request's (the due time moved and new tasks were scheduled)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from desk.accounts.models import User
from desk.core import clock
from desk.core.formatting import format_moment
from desk.outbox.services import enqueue_mail
from desk.schedules import selectors as schedules
from desk.sla import services as sla
from desk.tickets.events import iso, record_event, record_sla_outcome
from desk.tickets.models import OPEN_STATUSES, EventKind, Ticket, TicketEvent, open_statuses_filter
from desk.tickets.webhook_events import emit_request_event
from desk.webhooks.models import EventType


def clock_facts(ticket: Ticket, *, first: bool) -> dict[str, object]:
    """What the SLA report groups by, as it was when the outcome was recorded."""
    return {
        "first": first,
        "plan": ticket.plan.code if ticket.plan is not None else None,
        "hotrush": ticket.is_hotrush,
        "department": ticket.department.code,
    }


def _current(ticket_id: int, due_at: datetime) -> tuple[Ticket, datetime, datetime] | None:
    """The ticket, row-locked, with its clock start and due time, if its running clock is
    still due at `due_at`."""
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return None
    started, due = ticket.awaiting_reply_since, ticket.reply_due_at
    if started is None or due is None or not sla.same_instant(due, due_at):
        return None
    return ticket, started, due


def warn_before_due(*, ticket_id: int, due_at: datetime) -> str:
    """Mail the assignee (else the engineers on shift who speak the request's language) that a
    reply is due soon."""
    with transaction.atomic():
        current = _current(ticket_id, due_at)
        if current is None:
            return "moved"
        ticket, started, due = current
        key = {"ticket": ticket, "kind": EventKind.SLA_WARNING, "from_value": iso(started)}
        if TicketEvent.objects.filter(**key, to_value=iso(due)).exists():
            return "duplicate"
        recipients = _warned(ticket, clock.now())
        for user in recipients:
            enqueue_mail(
                event_key=f"sla-warning:{ticket.pk}:{iso(due)}",
                recipient=user,
                template="sla_warning",
                context=_mail_context(ticket, user, due),
            )
        record_event(
            ticket,
            EventKind.SLA_WARNING,
            actor=None,
            from_value=iso(started),
            to_value=iso(due),
            data={"due_at": iso(due), "recipients": [user.email for user in recipients]},
        )
        emit_request_event(EventType.SLA_WARNING, ticket, due_at=due)
    return "warned"


def record_breach(*, ticket_id: int, due_at: datetime) -> str:
    """At the due time, with the clock still running: the guarantee is breached (once), and the
    assignee (else the engineers on shift who speak the language) hear it."""
    with transaction.atomic():
        current = _current(ticket_id, due_at)
        if current is None:
            return "moved"
        ticket, started, due = current
        if clock.now() < due:
            return "early"
        target = sla.reply_target(
            plan_id=ticket.plan_id,
            is_hotrush=ticket.is_hotrush,
            department_id=ticket.department_id,
        )
        since = ticket.reply_running_since or started
        ran = target.calendar.elapsed(since, due) if target is not None else due - since
        recipients = _warned(ticket, clock.now())
        event = record_sla_outcome(
            ticket,
            EventKind.SLA_BREACHED,
            actor=None,
            started_at=started,
            due_at=due,
            data={
                **clock_facts(ticket, first=ticket.first_replied_at is None),
                "due_at": iso(due),
                "replied_at": None,
                "working_seconds_used": round((ticket.reply_used + ran).total_seconds()),
                "working_seconds_paused": round(ticket.reply_paused.total_seconds()),
                "recipients": [user.email for user in recipients],
            },
        )
        if event is not None:
            emit_request_event(EventType.SLA_BREACHED, ticket, due_at=due)
            for user in recipients:
                enqueue_mail(
                    event_key=f"sla-breached:{ticket.pk}:{iso(due)}",
                    recipient=user,
                    template="sla_breached",
                    context=_mail_context(ticket, user, due),
                )
    return "breached" if event is not None else "duplicate"


def sweep(now: datetime | None = None) -> dict[str, int]:
    """The safety net (run periodically, and the only runner where tasks cannot be deferred):
    warnings and breaches whose time has come, for every running clock."""
    now = now or clock.now()
    book = sla.PolicyBook()
    counts = {"warned": 0, "breached": 0}
    running = Ticket.objects.filter(
        open_statuses_filter(), awaiting_reply_since__isnull=False, reply_due_at__isnull=False
    ).values_list(
        "id",
        "plan_id",
        "department_id",
        "is_hotrush",
        "awaiting_reply_since",
        "reply_running_since",
        "reply_due_at",
    )
    for ticket_id, plan_id, department_id, is_hotrush, started, since, due in running:
        if started is None or due is None:  # excluded by the filter; narrows the types
            continue
        target = book.target(plan_id=plan_id, is_hotrush=is_hotrush, department_id=department_id)
        warn_at = sla.warn_time(target, since or started, due) if target is not None else due
        if warn_at <= now and warn_before_due(ticket_id=ticket_id, due_at=due) == "warned":
            counts["warned"] += 1
        if due <= now and record_breach(ticket_id=ticket_id, due_at=due) == "breached":
            counts["breached"] += 1
    return counts


def _warned(ticket: Ticket, at: datetime) -> list[User]:
    """Who hears that a reply is due soon or overdue: the assignee; else the engineers of the
    department who speak the request's language and are on shift; else (nobody on shift) all
    of those speakers; else every engineer of the department, so that someone always knows."""
    assignee = ticket.assignee
    if assignee is not None and assignee.is_active and assignee.user.is_active:
        return [assignee.user]
    speakers = schedules.engineers_on_shift(
        at=at, department_id=ticket.department_id, language=ticket.language
    )
    if not speakers:
        speakers = list(
            schedules.active_engineers(department_id=ticket.department_id, language=ticket.language)
        )
    if not speakers:
        speakers = list(schedules.active_engineers(department_id=ticket.department_id))
    return sorted((engineer.user for engineer in speakers), key=lambda user: user.email)


def _mail_context(ticket: Ticket, user: User, due: datetime) -> dict[str, str]:
    try:
        zone = ZoneInfo(user.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    when = format_moment(due, language=user.language, zone=zone)
    return {
        "reference": ticket.reference,
        "subject": ticket.subject,
        "due_at": f"{when} ({zone.key})",
        "ticket_url": settings.SITE_URL.rstrip("/") + reverse("console:ticket", args=[ticket.pk]),
    }
