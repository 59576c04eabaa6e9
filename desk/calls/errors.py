"""Stable error codes of live calls. Clients branch on `code`; messages are translated."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from desk.core.errors import DeskError, NotFound


def call_not_found() -> NotFound:
    # Another customer's call answers the same as a missing one.
    return NotFound("call_not_found", _("Call not found."))


def call_needs_hotrush() -> DeskError:
    return DeskError(
        "call_needs_hotrush", _("Live calls are for Hotrush requests only."), status=409
    )


def call_not_included() -> DeskError:
    return DeskError(
        "call_not_included",
        _("The subscription or incident of this request does not include live calls."),
        status=403,
    )


def call_ticket_closed() -> DeskError:
    return DeskError(
        "call_ticket_closed",
        _("This request is resolved or closed: calls are for open requests."),
        status=409,
    )


def invalid_handle_kind() -> DeskError:
    return DeskError(
        "invalid_call_handle_kind",
        _("Choose how to reach you: a Skype ID, a video-call link or a phone number."),
        field="handle_kind",
    )


def invalid_skype_id() -> DeskError:
    return DeskError(
        "invalid_call_handle",
        _(
            "Enter a Skype ID: 6 to 32 letters, digits and . , - _ starting with a letter, "
            "or a live: ID."
        ),
        field="handle",
    )


def invalid_video_link() -> DeskError:
    return DeskError(
        "invalid_call_handle",
        _("Enter the video-call link as a full https:// address."),
        field="handle",
    )


def invalid_phone() -> DeskError:
    return DeskError(
        "invalid_call_handle",
        _(
            "Enter the phone number in international form: + and the country code, then the "
            "number, 8 to 15 digits in all (e.g. +4930123456)."
        ),
        field="handle",
    )


def invalid_duration(lengths: str) -> DeskError:
    return DeskError(
        "invalid_call_duration",
        _("Choose a call length of %(lengths)s minutes."),
        field="duration_minutes",
        lengths=lengths,
    )


def invalid_windows(most: int) -> DeskError:
    return DeskError(
        "invalid_call_windows",
        ngettext_lazy(
            "Choose %(most)d preferred time.",
            "Choose one to %(most)d different preferred times.",
            most,
        ),
        field="windows",
        most=most,
    )


def slot_in_past() -> DeskError:
    return DeskError("call_slot_in_past", _("This time has already passed."), field="windows")


def slot_too_far(days: int) -> DeskError:
    return DeskError(
        "call_slot_too_far",
        ngettext_lazy(
            "Choose a time within the next %(days)d day.",
            "Choose a time within the next %(days)d days.",
            days,
        ),
        field="windows",
        days=days,
    )


def slot_on_holiday() -> DeskError:
    return DeskError(
        "call_slot_on_holiday", _("This day is a holiday: there are no calls."), field="windows"
    )


def slot_outside_hours() -> DeskError:
    return DeskError(
        "call_slot_outside_hours",
        _("Calls take place within call hours only; choose one of the offered times."),
        field="windows",
    )


def slot_unavailable() -> DeskError:
    return DeskError(
        "call_slot_unavailable",
        _("No engineer who speaks the request's language is free then; choose another time."),
        field="windows",
    )


def minutes_exceeded(left: int) -> DeskError:
    return DeskError(
        "call_minutes_exceeded",
        ngettext_lazy(
            "This request has %(left)d minute of calls left.",
            "This request has %(left)d minutes of calls left.",
            left,
        ),
        status=409,
        left=left,
    )


def engineer_busy() -> DeskError:
    return DeskError(
        "call_engineer_busy",
        _(
            "The engineer is off shift then, does not speak the request's language, "
            "or has another call."
        ),
        status=409,
    )


def slot_not_offered() -> DeskError:
    return DeskError(
        "call_slot_not_offered",
        _("Confirm one of the customer's preferred times, or propose another."),
        field="starts_at",
    )


def wrong_call_status() -> DeskError:
    return DeskError(
        "call_wrong_status", _("The call is not in a state that allows this."), status=409
    )


def past_cutoff(hours: int) -> DeskError:
    return DeskError(
        "call_past_cutoff",
        ngettext_lazy(
            "A confirmed call can be changed until %(hours)d hour before it.",
            "A confirmed call can be changed until %(hours)d hours before it.",
            hours,
        ),
        status=409,
        hours=hours,
    )


def call_not_started() -> DeskError:
    return DeskError("call_not_started", _("The call has not started yet."), status=409)


def invalid_minutes(most: int) -> DeskError:
    return DeskError(
        "invalid_call_minutes",
        _("Enter the minutes the call used: a whole number from 1 to %(most)d."),
        field="minutes_used",
        most=most,
    )


def reason_required() -> DeskError:
    return DeskError("call_reason_required", _("Say why the call is declined."), field="reason")


def invalid_reason(most: int) -> DeskError:
    return DeskError(
        "invalid_call_reason",
        _("Enter a reason of at most %(most)d characters."),
        field="reason",
        most=most,
    )


def no_engineer() -> DeskError:
    return DeskError(
        "call_needs_engineer", _("Only an engineer can take a call."), field="engineer_id"
    )
