"""Mail about calls, written in the transaction of the change (desk.outbox delivers it): each
side in their own language and time zone; confirmations and cancellations carry the invite."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from desk.accounts.models import Language, User
from desk.calls import invites
from desk.calls.models import Call
from desk.core.formatting import format_moment, format_time_zone
from desk.outbox.services import enqueue_mail


def local_when(moment: datetime, user: User) -> tuple[str, str]:
    """`moment` as `user` reads it: the day and time in their zone and language (as pages show
    moments: "Dec 7, 2026, 8:00 AM" / "7 дек. 2026, 10:00"), and the zone by its city."""
    try:
        zone = ZoneInfo(user.time_zone)
    except (ValueError, KeyError):
        zone = ZoneInfo("UTC")
    language = user.language if user.language in Language.values else Language.EN
    return format_moment(moment, language=language, zone=zone), format_time_zone(
        zone, language=language
    )


def _url(call: Call, user: User) -> str:
    name = "portal:ticket" if user.pk == call.ticket.customer_id else "console:ticket"
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[call.ticket_id])


def _send(call: Call, user: User, kind: str, *, key: str, calendar: str = "") -> None:
    when, zone = local_when(call.starts_at, user) if call.starts_at else ("", "")
    with translation.override(user.language):
        handle_kind = str(call.get_handle_kind_display())
    is_customer = user.pk == call.ticket.customer_id
    enqueue_mail(
        event_key=f"call-{kind}:{call.pk}:{key}:{user.pk}",
        recipient=user,
        template="call_update",
        context={
            "kind": kind,
            "name": user.display_name,
            "reference": call.ticket.reference,
            "subject": call.ticket.subject,
            "when": when,
            "zone": zone,
            "minutes": call.duration_minutes,
            "reason": call.reason,
            "handle_kind": handle_kind if not is_customer else "",
            "handle": call.handle if not is_customer else "",
            "url": _url(call, user),
        },
        thread_ref=f"req-{call.ticket_id}" if is_customer else "",
        reply_ticket_id=call.ticket_id if is_customer else None,
        calendar=calendar,
    )


def _parties(call: Call) -> list[User]:
    people = [call.ticket.customer]
    if call.engineer is not None:
        people.append(call.engineer.user)
    return people


def notify_confirmed(call: Call, *, replaced: User | None = None) -> None:
    """Both sides get METHOD:REQUEST at the call's SEQUENCE; an engineer the call moved away
    from gets METHOD:CANCEL of the same UID."""
    request = invites.invite(call, method="REQUEST")
    for user in _parties(call):
        _send(call, user, "confirmed", key=str(call.sequence), calendar=request)
    if replaced is not None:
        cancel = invites.invite(call, method="CANCEL")
        _send(call, replaced, "cancelled", key=str(call.sequence), calendar=cancel)


def notify_cancelled(call: Call) -> None:
    """Both sides hear of it; METHOD:CANCEL when an invite had gone out."""
    calendar = invites.invite(call, method="CANCEL") if call.invited and call.starts_at else ""
    for user in _parties(call):
        _send(call, user, "cancelled", key=str(call.sequence), calendar=calendar)


def notify_customer(call: Call, kind: str) -> None:
    """A proposal or a refusal, for the customer to act on."""
    _send(call, call.ticket.customer, kind, key=f"{call.updated_at.timestamp():.0f}")


def notify_reminder(call: Call) -> None:
    for user in _parties(call):
        _send(call, user, "reminder", key=str(call.sequence))
