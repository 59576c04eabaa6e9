"""The kept texts of days, clock times and weekday times (`formatting._day_text`, `_clock_text`,
`_weekday_time_text`) are exactly what Babel's pattern gives for the moment itself: every minute
of a day, seconds and zones that must not matter, every weekday, days across years."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk.core import formatting

LANGUAGES = ("en", "ru")
ZONES = (UTC, ZoneInfo("Europe/Moscow"), ZoneInfo("America/St_Johns"), ZoneInfo("Asia/Kathmandu"))


def _babel(language: str, kind: str, value: date | datetime | time) -> str:
    return formatting._pattern(language, kind).apply(value, formatting._LOCALES[language])


@pytest.mark.parametrize("language", LANGUAGES)
def test_clock_of_every_minute_is_babels(language):
    start = datetime(2026, 12, 5, 0, 0, 37, 123456, tzinfo=UTC)
    for minute in range(24 * 60):
        moment = start + timedelta(minutes=minute)
        for zone in ZONES:
            local = moment.astimezone(zone)
            assert formatting.format_clock(moment, language=language, zone=zone) == _babel(
                language, "time", local.timetz()
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_weekday_time_of_every_quarter_hour_of_a_fortnight_is_babels(language):
    kind = formatting.WEEKDAY_TIME_SKELETONS[language]
    start = datetime(2026, 12, 1, 0, 7, 59, 999999, tzinfo=UTC)
    for quarter in range(14 * 24 * 4):
        moment = start + timedelta(minutes=15 * quarter)
        for zone in ZONES:
            expected = _babel(language, kind, moment.astimezone(zone))
            assert formatting.format_weekday_time(moment, language=language, zone=zone) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_days_and_moments_are_babels(language):
    start = datetime(2025, 12, 25, 21, 30, tzinfo=UTC)
    for step in range(0, 24 * 500, 7):  # 500 days, at hours that wander through the day
        moment = start + timedelta(hours=step)
        for zone in ZONES:
            local = moment.astimezone(zone)
            day = _babel(language, "date", local.date())
            clock = _babel(language, "time", local.timetz())
            joiner = formatting._datetime_joiner(language)
            assert formatting.format_day(moment, language=language, zone=zone) == day
            assert formatting.format_day(local.date(), language=language) == day
            assert formatting.format_moment(moment, language=language, zone=zone) == (
                joiner.replace("{1}", day).replace("{0}", clock)
            )


def test_a_pattern_with_seconds_is_not_read_by_the_minute():
    assert formatting._reads_only("en", "time", formatting._CLOCK_FIELDS)
    assert formatting._reads_only("ru", "EHm", formatting._WEEKDAY_CLOCK_FIELDS)
    assert not formatting._reads_only("en", "Ehms", formatting._WEEKDAY_CLOCK_FIELDS)
