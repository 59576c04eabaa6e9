"""The one place that reads the wall clock, so tests can move time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


@dataclass
class MovableClock:
    """A stand-in for `now` that tests set and move: `clock.advance(hours=2)`."""

    current: datetime

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current
