"""Calendar-month arithmetic, pure: no database."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from desk.entitlements.periods import add_months

MSK = ZoneInfo("Europe/Moscow")


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        # Moscow wall clock in, Moscow wall clock out
        (datetime(2026, 1, 31, 12, 0, tzinfo=MSK), 1, datetime(2026, 2, 28, 12, 0, tzinfo=MSK)),
        (datetime(2028, 1, 31, 12, 0, tzinfo=MSK), 1, datetime(2028, 2, 29, 12, 0, tzinfo=MSK)),
        (datetime(2026, 3, 31, 9, 0, tzinfo=MSK), 1, datetime(2026, 4, 30, 9, 0, tzinfo=MSK)),
        (datetime(2026, 1, 15, 9, 0, tzinfo=MSK), 1, datetime(2026, 2, 15, 9, 0, tzinfo=MSK)),
        (datetime(2026, 12, 15, 9, 0, tzinfo=MSK), 1, datetime(2027, 1, 15, 9, 0, tzinfo=MSK)),
        (datetime(2026, 3, 10, 9, 0, tzinfo=MSK), 12, datetime(2027, 3, 10, 9, 0, tzinfo=MSK)),
        (datetime(2028, 2, 29, 9, 0, tzinfo=MSK), 12, datetime(2029, 2, 28, 9, 0, tzinfo=MSK)),
        (datetime(2026, 1, 31, 9, 0, tzinfo=MSK), 13, datetime(2027, 2, 28, 9, 0, tzinfo=MSK)),
        (datetime(2026, 8, 31, 9, 0, tzinfo=MSK), 6, datetime(2027, 2, 28, 9, 0, tzinfo=MSK)),
        # 22:00 UTC on Jan 31 is already Feb 1 in Moscow: the month is counted there
        (datetime(2026, 1, 31, 22, 0, tzinfo=UTC), 1, datetime(2026, 3, 1, 1, 0, tzinfo=MSK)),
    ],
)
def test_add_months(start, months, end):
    result = add_months(start, months)
    assert result == end
    assert result.tzinfo == UTC


def test_naive_moment_is_refused():
    with pytest.raises(ValueError):
        add_months(datetime(2026, 1, 31), 1)
