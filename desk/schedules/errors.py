"""Stable error codes of schedules. Each carries the `field` it is about, so forms put it there;
the message names the field too (API clients show it as it is)."""

from __future__ import annotations

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from desk.core.errors import DeskError, NotFound
from desk.sla.calendar import WEEKDAYS as DAY_CODES

# The longest single stretch of time off (our policy): a typo in a year must not erase a shift
# pattern for decades, and a longer absence is a deactivation, not leave.
MAX_TIME_OFF_DAYS = 366


def day_field(day: str) -> str:
    """The form field of a weekday's shifts: `weekly_mon` ... `weekly_sun`."""
    return f"weekly_{day}"


def _day_label(day: str) -> object:
    return WEEKDAYS[DAY_CODES.index(day)] if day in DAY_CODES else day


def unknown_time_zone(value: str) -> DeskError:
    return DeskError(
        "unknown_time_zone",
        _("Time zone: “%(value)s” is not a time zone we know, use a name like Europe/Moscow."),
        field="time_zone",
        value=value[:64],
    )


def invalid_shift(day: str, written: str = "") -> DeskError:
    return DeskError(
        "invalid_shift",
        _("%(day)s: write shifts as HH:MM-HH:MM, several separated by commas (not “%(value)s”)."),
        field=day_field(day),
        day=_day_label(day),
        value=written[:40],
    )


def shift_zero_length(day: str, shift: str) -> DeskError:
    return DeskError(
        "shift_zero_length",
        _("%(day)s: the shift %(shift)s has no length; a whole day is 00:00-24:00."),
        field=day_field(day),
        day=_day_label(day),
        shift=shift,
    )


def shift_overlap(day: str, one: str, two: str) -> DeskError:
    return DeskError(
        "shift_overlap",
        _("%(day)s: the shifts %(one)s and %(two)s overlap."),
        field=day_field(day),
        day=_day_label(day),
        one=one,
        two=two,
    )


def invalid_time_off_kind() -> DeskError:
    return DeskError(
        "invalid_time_off_kind", _("Kind: choose a day off, leave or sick leave."), field="kind"
    )


def time_off_ends_before_start() -> DeskError:
    return DeskError(
        "time_off_ends_before_start",
        _("Last day: the time off ends before it starts."),
        field="last_day",
    )


def time_off_too_long(max_days: int = MAX_TIME_OFF_DAYS) -> DeskError:
    return DeskError(
        "time_off_too_long",
        ngettext_lazy(
            "Last day: time off lasts at most %(max)d day at a time.",
            "Last day: time off lasts at most %(max)d days at a time.",
            max_days,
        ),
        field="last_day",
        max=max_days,
    )


def time_off_overlaps(first: object, last: object) -> DeskError:
    return DeskError(
        "time_off_overlaps",
        _("First day: this overlaps the time off from %(first)s to %(last)s."),
        field="first_day",
        first=first,
        last=last,
    )


def invalid_note(max_length: int) -> DeskError:
    return DeskError(
        "invalid_note",
        ngettext_lazy(
            "Note: at most %(max)d character.",
            "Note: at most %(max)d characters.",
            max_length,
        ),
        field="note",
        max=max_length,
    )


def time_off_not_found() -> NotFound:
    return NotFound("time_off_not_found", _("Time off not found."))


def time_off_not_yours() -> NotFound:
    # Someone else's time off answers as missing: ids reveal nothing.
    return time_off_not_found()
