"""The formatting layer (issue 12, point 3): one CLDR style per kind, in the language and zone
given or active. DB-free and table-driven."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from desk.core import formatting
from desk.core.money import Money

# 20:00 on Dec 3 in Berlin is 22:00 in Moscow and midnight (the next day) in Yekaterinburg.
MOMENT = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)
NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        ("en", "Europe/Berlin", f"Dec 3, 2026, 8:00{NNBSP}PM"),
        ("ru", "Europe/Moscow", "3 дек. 2026, 22:00"),
        ("ru", "Asia/Yekaterinburg", "4 дек. 2026, 00:00"),
        ("en", "Asia/Yekaterinburg", f"Dec 4, 2026, 12:00{NNBSP}AM"),  # never "midnight"
    ],
)
def test_moment(language, zone, expected):
    assert formatting.format_moment(MOMENT, language=language, zone=zone) == expected


@pytest.mark.parametrize(
    ("value", "language", "zone", "expected"),
    [
        (MOMENT, "en", "Europe/Berlin", "Dec 3, 2026"),
        (MOMENT, "en", "Asia/Yekaterinburg", "Dec 4, 2026"),  # the day where the viewer is
        (MOMENT, "ru", "Europe/Moscow", "3 дек. 2026"),  # no "г." to double a full stop
        (date(2026, 1, 31), "ru", None, "31 янв. 2026"),
    ],
)
def test_day(value, language, zone, expected):
    assert formatting.format_day(value, language=language, zone=zone) == expected


@pytest.mark.parametrize(("language", "expected"), [("en", "Thu 8:00 PM"), ("ru", "чт 20:00")])
def test_weekday_time(language, expected):
    assert formatting.format_weekday_time(MOMENT, language=language, zone="Europe/Berlin") == (
        expected
    )


def test_clock_of_a_plain_time():
    assert formatting.format_clock(time(9, 5), language="ru") == "09:05"


@pytest.mark.parametrize(
    ("amount", "language", "expected"),
    [
        (Decimal("990.00"), "en", "USD\u00a0990.00"),
        (Decimal("1234.5"), "en", "USD\u00a01,234.50"),
        (Decimal("1234.5"), "ru", "1\u00a0234,50\u00a0USD"),
    ],
)
def test_money(amount, language, expected):
    assert formatting.format_money(amount, "USD", language=language) == expected


def test_money_refuses_a_float():
    with pytest.raises(TypeError):
        formatting.format_money(990.0, "USD", language="en")  # type: ignore[arg-type]


@pytest.mark.parametrize(("language", "expected"), [("en", "12,345.5"), ("ru", "12\u00a0345,5")])
def test_number(language, expected):
    assert formatting.format_number(Decimal("12345.5"), language=language) == expected


def test_naive_moment_is_refused():
    with pytest.raises(ValueError, match="aware"):
        formatting.format_moment(datetime(2026, 12, 3, 19, 0), language="en", zone="UTC")


def test_unknown_language_falls_back_to_english():
    assert formatting.format_day(date(2026, 12, 3), language="de") == "Dec 3, 2026"


def test_filters_use_the_active_language_and_zone():
    template = Template(
        "{% load desk_format %}{{ at|moment }}|{{ at|day }}|{{ at|weekday_time:'Europe/Moscow' }}"
        "|{{ price|money }}|{{ email|breakable }}"
    )
    context = Context(
        {"at": MOMENT, "price": Money(Decimal("99.00")), "email": "anna.becker@example.com"}
    )
    with translation.override("ru"), timezone.override("Asia/Yekaterinburg"):
        rendered = template.render(context)
    assert rendered.split("|") == [
        "4 дек. 2026, 00:00",
        "4 дек. 2026",
        "чт 22:00",
        "99,00\u00a0USD",
        "anna<wbr>.becker@<wbr>example<wbr>.com",
    ]


def test_breakable_escapes_before_it_adds_breaks():
    template = Template("{% load desk_format %}{{ value|breakable }}")
    assert template.render(Context({"value": "<b>x.y</b>"})) == "&lt;b&gt;x<wbr>.y&lt;/<wbr>b&gt;"


def test_breakable_lets_a_store_path_wrap_after_its_slash():
    template = Template("{% load desk_format %}{{ value|breakable }}")
    assert template.render(Context({"value": "uraltea.example/shop"})) == (
        "uraltea<wbr>.example/<wbr>shop"
    )


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "Mon, December 7"), ("ru", "пн, 7 декабря")]
)
def test_weekday_day(language, expected):
    moment = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # already Monday in Moscow
    assert formatting.format_weekday_day(moment, language=language, zone="Europe/Moscow") == (
        expected
    )
    assert formatting.format_weekday_day(date(2026, 12, 7), language=language) == expected
