"""Every state change of schedules: the weekly pattern, and days off and leave. Each validates
first (a refused change stores nothing) and bumps the schedule's revision, so cached calendars
see it at once."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from itertools import pairwise

from django.db import transaction

from desk.accounts.models import Engineer, User
from desk.core import clock
from desk.schedules import checks
from desk.schedules.checks import Weekly
from desk.schedules.models import Schedule, TimeOff


def set_schedule(*, engineer: Engineer, time_zone: str, weekly: Weekly | None) -> Schedule:
    """The engineer's weekly shifts in `time_zone` (None: the support hours).

    Raises `unknown_time_zone`, `invalid_shift`, `shift_zero_length`, `shift_overlap`.
    """
    cleaned = checks.check_pattern(time_zone, weekly)
    with transaction.atomic():
        schedule = _locked_schedule(engineer)
        schedule.time_zone = time_zone
        schedule.weekly = cleaned
        _touch(schedule, ["time_zone", "weekly"])
    return schedule


def add_time_off(
    *,
    engineer: Engineer,
    kind: str,
    first_day: date,
    last_day: date,
    note: str = "",
    actor: User | None,
) -> TimeOff:
    """Days off or leave from `first_day` to `last_day` (inclusive, in the schedule's zone).

    Raises `invalid_time_off_kind`, `time_off_ends_before_start`, `time_off_too_long`,
    `invalid_note`, `time_off_overlaps`.
    """
    note = checks.check_time_off(kind, first_day, last_day, note)
    with transaction.atomic():
        schedule = _locked_schedule(engineer)  # serialises time off of one engineer
        _check_no_overlap(engineer, first_day, last_day)
        time_off = TimeOff.objects.create(
            engineer=engineer,
            kind=kind,
            first_day=first_day,
            last_day=last_day,
            note=note,
            created_by=actor,
            created_at=clock.now(),
        )
        _touch(schedule, [])
    return time_off


def change_time_off(
    *, time_off: TimeOff, kind: str, first_day: date, last_day: date, note: str = ""
) -> TimeOff:
    """New dates, kind or note for existing time off; same refusals as `add_time_off`."""
    note = checks.check_time_off(kind, first_day, last_day, note)
    with transaction.atomic():
        schedule = _locked_schedule(time_off.engineer)
        _check_no_overlap(time_off.engineer, first_day, last_day, exclude=time_off.pk)
        time_off.kind, time_off.note = kind, note
        time_off.first_day, time_off.last_day = first_day, last_day
        time_off.save(update_fields=["kind", "note", "first_day", "last_day"])
        _touch(schedule, [])
    return time_off


@dataclass(frozen=True, slots=True)
class TimeOffValues:
    kind: str
    first_day: date
    last_day: date
    note: str = ""


def apply_time_off(
    *,
    engineer: Engineer,
    removed: Sequence[TimeOff] = (),
    changed: Sequence[tuple[TimeOff, TimeOffValues]] = (),
    added: Sequence[TimeOffValues] = (),
    actor: User | None,
) -> None:
    """Several edits of one engineer's time off at once (the admin's table): the overlap check
    looks at the result, so two entries may swap dates. Same refusals as `add_time_off`."""
    cleaned = [(row, _checked(values)) for row, values in changed]
    new = [_checked(values) for values in added]
    with transaction.atomic():
        schedule = _locked_schedule(engineer)
        for row in removed:
            row.delete()
        for row, values in cleaned:
            row.kind, row.note = values.kind, values.note
            row.first_day, row.last_day = values.first_day, values.last_day
            row.save(update_fields=["kind", "note", "first_day", "last_day"])
        for values in new:
            TimeOff.objects.create(
                engineer=engineer, created_by=actor, created_at=clock.now(), **asdict(values)
            )
        _check_none_overlap(engineer)
        _touch(schedule, [])


def _checked(values: TimeOffValues) -> TimeOffValues:
    note = checks.check_time_off(values.kind, values.first_day, values.last_day, values.note)
    return TimeOffValues(values.kind, values.first_day, values.last_day, note)


def _check_none_overlap(engineer: Engineer) -> None:
    rows = list(TimeOff.objects.filter(engineer=engineer).order_by("first_day", "id"))
    for before, after in pairwise(rows):
        if after.first_day <= before.last_day:
            raise checks.overlap_error(before.first_day, before.last_day)


def remove_time_off(*, time_off: TimeOff) -> None:
    with transaction.atomic():
        schedule = _locked_schedule(time_off.engineer)
        time_off.delete()
        _touch(schedule, [])


def _locked_schedule(engineer: Engineer) -> Schedule:
    schedule, _created = Schedule.objects.get_or_create(engineer=engineer)
    return Schedule.objects.select_for_update().get(pk=schedule.pk)


def _touch(schedule: Schedule, fields: list[str]) -> None:
    schedule.revision = uuid.uuid4()
    schedule.updated_at = clock.now()
    schedule.save(update_fields=[*fields, "revision", "updated_at"])


def _check_no_overlap(
    engineer: Engineer, first_day: date, last_day: date, *, exclude: int | None = None
) -> None:
    clashes = TimeOff.objects.filter(
        engineer=engineer, first_day__lte=last_day, last_day__gte=first_day
    )
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude)
    clash = clashes.order_by("first_day").first()
    if clash is not None:
        raise checks.overlap_error(clash.first_day, clash.last_day)
