"""The engineer's own shifts and time off."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import Field, Schema

from desk.api.schemas.fields import Note, TimeOffKindCode, UtcDateTime, one_of, text
from desk.schedules.checks import NOTE_MAX
from desk.schedules.models import TimeOffKind


class TimeOffIn(Schema):
    kind: TimeOffKindCode
    first_day: date = Field(description="First day off, in the schedule's time zone.")
    last_day: date = Field(description="Last day off (inclusive); not before `first_day`.")
    note: Annotated[Note, text(NOTE_MAX)] = ""


class TimeOffOut(Schema):
    id: int
    kind: Annotated[str, one_of(TimeOffKind.values)]
    first_day: date
    last_day: date
    note: str


class MyShiftsOut(Schema):
    follows_support_hours: bool = Field(
        description="No own pattern: the engineer works the support calendar's hours."
    )
    time_zone: str = Field(description="The zone of `weekly` (the support calendar's if followed).")
    weekly: dict[str, list[list[str]]] = Field(
        description='Shifts per weekday, e.g. {"mon": [["22:00", "06:00"]]}; a close at or before '
        "the open ends the next day. Empty when following the support hours."
    )
    on_shift: bool
    shift_ends_at: UtcDateTime | None = Field(description="End of the current shift, if on one.")
    next_shift_at: UtcDateTime | None = Field(
        description="Now if on shift, else the start of the next shift; null if none is coming."
    )
