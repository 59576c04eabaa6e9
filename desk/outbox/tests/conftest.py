from __future__ import annotations

import pytest

from desk.core import clock as core_clock
from desk.outbox.tests.builders import MovableClock
from desk.outbox.tests.smtp import smtp_inbox  # noqa: F401 - a shared fixture


@pytest.fixture
def clock(monkeypatch) -> MovableClock:
    movable = MovableClock(core_clock.now())
    monkeypatch.setattr(core_clock, "now", movable)
    return movable
