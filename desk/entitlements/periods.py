"""Calendar-month arithmetic for subscription periods (pure)."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BUSINESS_ZONE = ZoneInfo("Europe/Moscow")


def add_months(moment: datetime, months: int, zone: ZoneInfo = BUSINESS_ZONE) -> datetime:
    """`months` calendar months after `moment`, counted on the wall clock of `zone`.

    The day is clamped to the target month's length: Jan 31 + 1 month = Feb 28 (29 in leap years).
    """
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    local = moment.astimezone(zone)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day).astimezone(UTC)
