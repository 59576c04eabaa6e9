"""An engineer's weekly shifts: stored when valid; refused with the field named, nothing saved."""

from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.schedules import services
from desk.schedules.models import Schedule


def test_a_pattern_is_stored_in_weekday_order(engineer_en):
    # when
    schedule = services.set_schedule(
        engineer=engineer_en,
        time_zone="Europe/Berlin",
        weekly={"sun": [["10:00", "18:00"]], "mon": [["22:00", "06:00"]], "tue": []},
    )

    # then
    schedule.refresh_from_db()
    assert (schedule.time_zone, schedule.weekly) == (
        "Europe/Berlin",
        {"mon": [["22:00", "06:00"]], "sun": [["10:00", "18:00"]]},
    )
    assert not schedule.follows_support_hours


def test_every_change_gives_a_new_revision(engineer_en):
    first = services.set_schedule(engineer=engineer_en, time_zone="UTC", weekly=None).revision

    second = services.set_schedule(
        engineer=engineer_en, time_zone="UTC", weekly={"mon": [["09:00", "17:00"]]}
    ).revision

    assert first != second
    assert Schedule.objects.get(engineer=engineer_en).follows_support_hours is False


@pytest.mark.parametrize(
    ("time_zone", "weekly", "code", "field", "message"),
    [
        (
            "Europe/Moscow",
            {"tue": [["09:00", "13:00"], ["12:00", "17:00"]]},
            "shift_overlap",
            "weekly_tue",
            "Tuesday: the shifts 09:00-13:00 and 12:00-17:00 overlap.",
        ),
        (
            "Europe/Moscow",
            {"wed": [["09:00", "09:00"]]},
            "shift_zero_length",
            "weekly_wed",
            "Wednesday: the shift 09:00-09:00 has no length; a whole day is 00:00-24:00.",
        ),
        (
            "Mars/Olympus_Mons",
            {"mon": [["09:00", "17:00"]]},
            "unknown_time_zone",
            "time_zone",
            "Time zone: “Mars/Olympus_Mons” is not a time zone we know, use a name like "
            "Europe/Moscow.",
        ),
    ],
)
def test_a_bad_pattern_is_refused_naming_the_field(
    engineer_en, time_zone, weekly, code, field, message
):
    # given
    services.set_schedule(
        engineer=engineer_en, time_zone="UTC", weekly={"fri": [["08:00", "12:00"]]}
    )

    # when
    with pytest.raises(DeskError) as refused:
        services.set_schedule(engineer=engineer_en, time_zone=time_zone, weekly=weekly)

    # then: nothing changed
    assert (refused.value.code, refused.value.params["field"], refused.value.message) == (
        code,
        field,
        message,
    )
    schedule = Schedule.objects.get(engineer=engineer_en)
    assert (schedule.time_zone, schedule.weekly) == ("UTC", {"fri": [["08:00", "12:00"]]})


def test_the_refusal_speaks_russian(engineer_ru):
    from django.utils import translation

    with pytest.raises(DeskError) as refused:
        services.set_schedule(
            engineer=engineer_ru,
            time_zone="Europe/Moscow",
            weekly={"tue": [["09:00", "13:00"], ["12:00", "17:00"]]},
        )

    with translation.override("ru"):
        assert refused.value.message == "Вторник: смены 09:00-13:00 и 12:00-17:00 пересекаются."
