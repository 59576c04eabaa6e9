"""Calendar invites of a call (RFC 5545/5546) made with the `icalendar` library.

One UID per call for its whole life (`<call uid>@<mail domain>`), so a rescheduled call updates
the event in the attendees' calendars and a cancelled one removes it; SEQUENCE is the call's.
Times are UTC: every calendar shows them in its owner's own zone.
"""

from __future__ import annotations

from datetime import UTC

from django.conf import settings

from desk.accounts.models import User
from desk.calls.models import Call
from desk.core import clock

PRODID = "-//Supportdesk//Live calls//EN"


def event_uid(call: Call) -> str:
    return f"{call.uid}@{settings.DESK_MAIL_DOMAIN}"


def invite(call: Call, *, method: str) -> str:
    """The iCalendar text of `call` for METHOD `REQUEST` (confirmed) or `CANCEL`."""
    # Imported here: a process that never sends an invite does not need the library.
    from icalendar import Calendar, Event, vCalAddress, vText

    if call.starts_at is None or call.ends_at is None:
        raise ValueError("a call without a slot has no invite")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", event_uid(call))
    event.add("sequence", call.sequence)
    event.add("dtstamp", clock.now().astimezone(UTC))
    event.add("dtstart", call.starts_at.astimezone(UTC))
    event.add("dtend", call.ends_at.astimezone(UTC))
    event.add("summary", f"Supportdesk call: {call.ticket.reference}")
    event.add(
        "description", f"{call.ticket.subject}\n{call.get_handle_kind_display()}: {call.handle}"
    )
    event.add("location", call.handle)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText("Supportdesk")
    event.add("organizer", organizer)
    for user in _attendees(call):
        attendee = vCalAddress(f"mailto:{user.email}")
        attendee.params["cn"] = vText(user.full_name or user.email)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")


def _attendees(call: Call) -> list[User]:
    people = [call.ticket.customer]
    if call.engineer is not None:
        people.append(call.engineer.user)
    return people


def _address(from_email: str) -> str:
    """The bare address of a From value such as `Supportdesk <support@example.com>`."""
    if "<" in from_email and from_email.endswith(">"):
        return from_email.rsplit("<", 1)[1][:-1]
    return from_email


def current_invite(call: Call) -> tuple[str, str] | None:
    """(METHOD, text) of the invite a call stands at now: REQUEST while confirmed, CANCEL once a
    confirmed call is cancelled; None otherwise."""
    from desk.calls.models import CallStatus

    if call.starts_at is None or call.status not in (CallStatus.CONFIRMED, CallStatus.CANCELLED):
        return None
    method = "CANCEL" if call.status == CallStatus.CANCELLED else "REQUEST"
    return method, invite(call, method=method)
