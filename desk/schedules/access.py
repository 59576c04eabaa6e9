"""Loads with a permission check."""

from __future__ import annotations

from desk.accounts.models import User
from desk.schedules import errors
from desk.schedules.models import TimeOff


def access_own_time_off(user: User, time_off_id: int, *, for_update: bool = False) -> TimeOff:
    """The signed-in engineer's own time off; anyone else's answers as missing."""
    found = TimeOff.objects.filter(pk=time_off_id, engineer__user=user).select_related("engineer")
    if for_update:
        found = found.select_for_update()
    time_off = found.first()
    if time_off is None:
        raise errors.time_off_not_found()
    return time_off
