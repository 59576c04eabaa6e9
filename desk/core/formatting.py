"""One formatting layer: dates, times, money and numbers in the viewer's language and zone.

CLDR patterns through Babel, so "3 Dec" and "3 дек." come from the same rules on pages (the
`desk_format` template filters), in mail, in PDFs and in the API's display fields. Every
function takes the language and the zone explicitly or uses the active ones (Django's current
language and time zone, which the user-preferences middleware and the mail renderer set).

One style per kind, everywhere: a moment is "Dec 3, 2026, 8:00 PM" / "3 дек. 2026, 20:00",
a day "Dec 3, 2026" / "3 дек. 2026", a time "8:00 PM" / "20:00". No "midnight", no "p.m." that
doubles a sentence's full stop, no all-numeric dates that read differently in each country.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers
from babel.dates import DateTimePattern
from django.utils import timezone, translation

LANGUAGES = ("en", "ru")
# CLDR's medium date, less the Russian "г." (year) that would end a sentence with two stops.
DATE_PATTERNS = {"en": "medium", "ru": "d MMM y"}
MONEY_PATTERNS = {"en": "¤¤\u00a0#,##0.00", "ru": "#,##0.00\u00a0¤¤"}
WEEKDAY_TIME_SKELETONS = {"en": "Ehm", "ru": "EHm"}
WEEKDAY_DAY_SKELETON = "MMMMEd"  # "Mon, December 7" / "пн, 7 декабря"


# Babel parses a locale name and a CLDR pattern on every call: a queue page formats three
# moments per row, so the parsed locales and patterns are kept (they never change at run time).
_LOCALES = {language: Locale.parse(language) for language in LANGUAGES}


@cache
def _pattern(language: str, kind: str) -> DateTimePattern:
    """A parsed pattern: "date", "time" (short), "datetime" (medium: "{1}, {0}"), or a
    skeleton ("Ehm") matched to the language's nearest pattern as `format_skeleton` does."""
    locale = _LOCALES[language]
    if kind == "date":
        style = DATE_PATTERNS[language]  # a CLDR style name or a pattern of our own
        if style in locale.date_formats:
            return dates.parse_pattern(locale.date_formats[style])
        return dates.parse_pattern(style)
    if kind == "time":
        return dates.parse_pattern(dates.get_time_format("short", locale=locale))
    skeletons = locale.datetime_skeletons
    skeleton = kind if kind in skeletons else dates.match_skeleton(kind, skeletons) or kind
    return dates.parse_pattern(skeletons[skeleton])


@cache
def _datetime_joiner(language: str) -> str:
    return str(dates.get_datetime_format("medium", locale=_LOCALES[language]))


def language_of(language: str | None = None) -> str:
    """A language we format for: the one given, else the active one, else English."""
    code = (language or translation.get_language() or "en").split("-")[0].lower()
    return code if code in LANGUAGES else "en"


def _zone(zone: tzinfo | str | None) -> tzinfo:
    if zone is None:
        return timezone.get_current_timezone()
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def _local(value: datetime, zone: tzinfo | str | None) -> datetime:
    if timezone.is_naive(value):
        raise ValueError("a moment to show must be aware (stored in UTC)")
    return value.astimezone(_zone(zone))


# Pattern fields read from the hour and the minute alone ("h:mm a", "HH:mm"), and those plus the
# weekday ("E h:mm a"): a pattern of only these gives the same text for every moment with the same
# hour and minute (and weekday), so that text is kept (`_clock_text`, `_weekday_time_text`).
_CLOCK_FIELDS = frozenset("hHKkma")
_WEEKDAY_CLOCK_FIELDS = _CLOCK_FIELDS | {"E"}
_MONDAY = date(2024, 1, 1)


@cache
def _reads_only(language: str, kind: str, fields: frozenset[str]) -> bool:
    """Whether the pattern reads no other field than `fields` (its letters, "mm" as "m")."""
    used = {name[0] for name in re.findall(r"%\((\w+)\)s", str(_pattern(language, kind).format))}
    return used <= fields


@lru_cache(maxsize=4096)
def _day_text(day: date, language: str) -> str:
    """A day's text: a pure function of the day (a queue page shows many moments of few days)."""
    return _pattern(language, "date").apply(day, _LOCALES[language])


@lru_cache(maxsize=4096)  # at most 24 × 60 per language
def _clock_text(hour: int, minute: int, language: str) -> str:
    return _pattern(language, "time").apply(time(hour, minute), _LOCALES[language])


@lru_cache(maxsize=4096)
def _weekday_time_text(weekday: int, hour: int, minute: int, language: str) -> str:
    kind = WEEKDAY_TIME_SKELETONS[language]
    moment = datetime.combine(_MONDAY + timedelta(days=weekday), time(hour, minute))
    return _pattern(language, kind).apply(moment, _LOCALES[language])


def _clock(moment: time, language: str) -> str:
    if _reads_only(language, "time", _CLOCK_FIELDS):
        return _clock_text(moment.hour, moment.minute, language)
    return _pattern(language, "time").apply(moment, _LOCALES[language])


def format_day(
    value: date | datetime, *, language: str | None = None, zone: tzinfo | str | None = None
) -> str:
    """A calendar day; a moment is first placed in the viewer's zone (its day there)."""
    day = _local(value, zone).date() if isinstance(value, datetime) else value
    return _day_text(day, language_of(language))


def format_clock(
    value: datetime | time, *, language: str | None = None, zone: tzinfo | str | None = None
) -> str:
    moment = _local(value, zone).timetz() if isinstance(value, datetime) else value
    return _clock(moment, language_of(language))


def format_moment(
    value: datetime, *, language: str | None = None, zone: tzinfo | str | None = None
) -> str:
    """A moment as the viewer's day and time: "Dec 3, 2026, 8:00 PM" / "3 дек. 2026, 20:00"."""
    locale = language_of(language)
    local = _local(value, zone)
    day = _day_text(local.date(), locale)
    clock = _clock(local.timetz(), locale)
    return _datetime_joiner(locale).replace("{1}", day).replace("{0}", clock)


def format_weekday_time(
    value: datetime, *, language: str | None = None, zone: tzinfo | str | None = None
) -> str:
    """A moment within the coming week: "Fri 7:52 PM" / "пт 19:52"."""
    locale = language_of(language)
    local = _local(value, zone)
    kind = WEEKDAY_TIME_SKELETONS[locale]
    if _reads_only(locale, kind, _WEEKDAY_CLOCK_FIELDS):
        return _weekday_time_text(local.weekday(), local.hour, local.minute, locale)
    return _pattern(locale, kind).apply(local, _LOCALES[locale])


def format_weekday_day(
    value: date | datetime, *, language: str | None = None, zone: tzinfo | str | None = None
) -> str:
    """A day near at hand with its weekday: "Mon, December 7" / "пн, 7 декабря"."""
    day = _local(value, zone).date() if isinstance(value, datetime) else value
    locale = language_of(language)
    return _pattern(locale, WEEKDAY_DAY_SKELETON).apply(day, _LOCALES[locale])


def format_time_zone(zone: tzinfo | str | None = None, *, language: str | None = None) -> str:
    """A time zone as people name it, by its city in the viewer's language: "Moscow" / "Москва",
    "Berlin" / "Берлин" (CLDR's exemplar city), never the IANA id "Europe/Moscow". A fixed
    offset reads "UTC" or "UTC-03:00"; an id CLDR does not know is shown as it is."""
    name = zone if isinstance(zone, str) else str(_zone(zone))
    return _zone_name(name, language_of(language))


@lru_cache(maxsize=1024)  # ids come from stored settings, but bound it anyway
def _zone_name(name: str, locale: str) -> str:
    """`format_time_zone`'s answer for one id and language (CLDR's names are fixed data; the
    offset of an Etc/ zone never changes), kept: a queue page names the zone on every row."""
    if name in ("UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Etc/Zulu"):
        return "UTC"
    try:
        if name.startswith("Etc/"):  # Etc/GMT+3 is three hours *behind* UTC: say the offset
            return dates.get_timezone_gmt(
                datetime.now(ZoneInfo(name)), locale=locale, return_z=False
            ).replace("GMT", "UTC")
        return dates.get_timezone_location(name, locale=locale, return_city=True)
    except (LookupError, ValueError):
        return name


def format_money(amount: Decimal, currency: str, *, language: str | None = None) -> str:
    """ "USD 990.00" / "990,00 USD": the currency's code, never a symbol two currencies share."""
    if not isinstance(amount, Decimal):
        raise TypeError("money is a Decimal")
    locale = language_of(language)
    return numbers.format_currency(
        amount, currency, format=MONEY_PATTERNS[locale], locale=locale, currency_digits=True
    )


def format_number(value: int | Decimal, *, language: str | None = None) -> str:
    """ "12,345.5" / "12 345,5"."""
    return numbers.format_decimal(value, locale=language_of(language))
