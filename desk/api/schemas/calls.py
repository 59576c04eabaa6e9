"""Live calls on Hotrush requests: asking, slots, confirming, recording."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from desk.api.schemas.fields import Code, Reason, Url, UtcDateTime


class CallIn(Schema):
    handle_kind: Code = Field(description="skype, video (an https link) or phone (E.164).")
    handle: Url = Field(description="The Skype ID, the https link, or the number as +4930123456.")
    duration_minutes: int = Field(description="15, 30, 45 or 60, within the minutes left.")
    windows: list[UtcDateTime] = Field(
        max_length=10, description="1 to 3 preferred starts, from the offered slots."
    )


class RescheduleIn(Schema):
    windows: list[UtcDateTime] = Field(max_length=10, description="1 to 3 new preferred starts.")


class CancelIn(Schema):
    reason: Reason = ""


class SlotOut(Schema):
    starts_at: UtcDateTime
    ends_at: UtcDateTime
    local_starts_at: datetime = Field(description="The start in your own time zone.")


class CallOut(Schema):
    id: int
    ticket_id: int
    handle_kind: str
    handle: str
    duration_minutes: int
    windows: list[datetime] = Field(description="Preferred starts, UTC.")
    status: str = Field(
        description="requested, proposed, confirmed, cancelled, declined, held or missed."
    )
    engineer_name: str | None
    starts_at: UtcDateTime | None = Field(description="The proposed or confirmed start.")
    ends_at: UtcDateTime | None
    starts_at_display: str | None = Field(
        description="`starts_at`, for people: the caller's language "
        "and zone, formatted as pages and mails are; "
        "null when `starts_at` is."
    )
    minutes_used: int | None
    reason: str
    sequence: int = Field(description="The calendar invite's SEQUENCE (the UID stays).")


class CallsOut(Schema):
    cap_minutes: int = Field(description="Minutes of calls per incident, all calls together.")
    minutes_left: int
    calls: list[CallOut]


class BookIn(Schema):
    starts_at: UtcDateTime
    engineer_id: int | None = Field(
        None, description="The engineer who takes the call; you, when left out."
    )


class DeclineIn(Schema):
    reason: Reason


class HeldIn(Schema):
    minutes_used: int = Field(description="Minutes the call really used (1–600).")


class ConsoleCallsFilters(Schema):
    day: date | None = Field(
        None,
        ge=date(2000, 1, 1),
        le=date(2999, 12, 31),
        description="First day (UTC); today when left out.",
    )
    days: int = Field(7, ge=1, le=31, description="How many days: 1 for a day, 7 for a week.")
    mine: bool = False
