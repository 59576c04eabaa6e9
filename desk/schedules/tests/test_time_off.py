"""Days off and leave: whole days, never overlapping, ending on or after they start."""

from __future__ import annotations

from datetime import date

import pytest

from desk.core.errors import DeskError
from desk.schedules import services
from desk.schedules.models import Schedule, TimeOff, TimeOffKind


def test_leave_is_stored_and_bumps_the_revision(engineer_en):
    # given
    before = services.set_schedule(engineer=engineer_en, time_zone="UTC", weekly=None).revision

    # when
    leave = services.add_time_off(
        engineer=engineer_en,
        kind=TimeOffKind.LEAVE,
        first_day=date(2027, 3, 1),
        last_day=date(2027, 3, 5),
        note="  Ski\ttrip ",
        actor=engineer_en.user,
    )

    # then
    leave.refresh_from_db()
    assert (leave.first_day, leave.last_day, leave.note, leave.created_by) == (
        date(2027, 3, 1),
        date(2027, 3, 5),
        "Ski trip",
        engineer_en.user,
    )
    assert Schedule.objects.get(engineer=engineer_en).revision != before


@pytest.mark.parametrize(
    ("kind", "first", "last", "code", "field"),
    [
        ("leave", date(2027, 3, 5), date(2027, 3, 1), "time_off_ends_before_start", "last_day"),
        ("leave", date(2027, 1, 1), date(2028, 1, 2), "time_off_too_long", "last_day"),
        ("holiday", date(2027, 3, 1), date(2027, 3, 1), "invalid_time_off_kind", "kind"),
        # overlaps the existing 2027-04-10..2027-04-12
        ("day_off", date(2027, 4, 12), date(2027, 4, 12), "time_off_overlaps", "first_day"),
    ],
)
def test_bad_time_off_is_refused_naming_the_field(engineer_en, kind, first, last, code, field):
    # given
    services.add_time_off(
        engineer=engineer_en,
        kind="leave",
        first_day=date(2027, 4, 10),
        last_day=date(2027, 4, 12),
        actor=None,
    )

    # when
    with pytest.raises(DeskError) as refused:
        services.add_time_off(
            engineer=engineer_en, kind=kind, first_day=first, last_day=last, actor=None
        )

    # then
    assert (refused.value.code, refused.value.params["field"]) == (code, field)
    assert TimeOff.objects.count() == 1


def test_the_overlap_message_names_the_other_time_off(engineer_en):
    services.add_time_off(
        engineer=engineer_en,
        kind="leave",
        first_day=date(2027, 4, 10),
        last_day=date(2027, 4, 12),
        actor=None,
    )

    with pytest.raises(DeskError) as refused:
        services.add_time_off(
            engineer=engineer_en,
            kind="leave",
            first_day=date(2027, 4, 1),
            last_day=date(2027, 4, 10),
            actor=None,
        )

    assert (
        refused.value.message
        == "First day: this overlaps the time off from Apr 10, 2027 to Apr 12, 2027."
    )


def test_other_engineers_leave_does_not_count_as_an_overlap(engineer_en, engineer_ru):
    services.add_time_off(
        engineer=engineer_en,
        kind="leave",
        first_day=date(2027, 4, 10),
        last_day=date(2027, 4, 12),
        actor=None,
    )

    services.add_time_off(
        engineer=engineer_ru,
        kind="leave",
        first_day=date(2027, 4, 10),
        last_day=date(2027, 4, 12),
        actor=None,
    )

    assert TimeOff.objects.count() == 2


def test_several_edits_at_once_may_swap_dates(engineer_en):
    # given
    first = services.add_time_off(
        engineer=engineer_en,
        kind="leave",
        first_day=date(2027, 4, 1),
        last_day=date(2027, 4, 5),
        actor=None,
    )
    second = services.add_time_off(
        engineer=engineer_en,
        kind="day_off",
        first_day=date(2027, 4, 6),
        last_day=date(2027, 4, 6),
        actor=None,
    )

    # when
    services.apply_time_off(
        engineer=engineer_en,
        changed=[
            (first, services.TimeOffValues("leave", date(2027, 4, 2), date(2027, 4, 6))),
            (second, services.TimeOffValues("day_off", date(2027, 4, 1), date(2027, 4, 1))),
        ],
        actor=None,
    )

    # then
    rows = list(TimeOff.objects.values_list("kind", "first_day", "last_day").order_by("first_day"))
    assert rows == [
        ("day_off", date(2027, 4, 1), date(2027, 4, 1)),
        ("leave", date(2027, 4, 2), date(2027, 4, 6)),
    ]


def test_several_edits_that_end_overlapping_change_nothing(engineer_en):
    first = services.add_time_off(
        engineer=engineer_en,
        kind="leave",
        first_day=date(2027, 4, 1),
        last_day=date(2027, 4, 5),
        actor=None,
    )

    with pytest.raises(DeskError) as refused:
        services.apply_time_off(
            engineer=engineer_en,
            added=[services.TimeOffValues("sick", date(2027, 4, 5), date(2027, 4, 7))],
            actor=None,
        )

    assert refused.value.code == "time_off_overlaps"
    assert list(TimeOff.objects.values_list("pk", flat=True)) == [first.pk]


def test_removing_time_off(engineer_en):
    leave = services.add_time_off(
        engineer=engineer_en,
        kind="leave",
        first_day=date(2027, 4, 1),
        last_day=date(2027, 4, 5),
        actor=None,
    )

    services.remove_time_off(time_off=leave)

    assert not TimeOff.objects.exists()
