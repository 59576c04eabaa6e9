from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.tickets import services
from desk.tickets.models import EventKind, Status, TicketEvent


def _assignments(ticket) -> list[tuple[str, str, dict[str, object]]]:
    events = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ASSIGNED).order_by("id")
    return [(e.from_value, e.to_value, e.data) for e in events]


def test_engineer_assigns_and_reassigns(alice_ticket, engineer_en, engineer_ru):
    # when
    services.assign(ticket=alice_ticket, actor=engineer_en.user, engineer=engineer_en)
    services.assign(ticket=alice_ticket, actor=engineer_en.user, engineer=engineer_ru)

    # then
    alice_ticket.refresh_from_db()
    assert alice_ticket.assignee_id == engineer_ru.pk
    assert _assignments(alice_ticket) == [
        ("", str(engineer_en.pk), {"from": None, "to": "Erin Engineer"}),
        (
            str(engineer_en.pk),
            str(engineer_ru.pk),
            {"from": "Erin Engineer", "to": "Роман Инженеров"},
        ),
    ]


def test_unassign(alice_ticket, engineer_en, staff_admin):
    services.assign(ticket=alice_ticket, actor=staff_admin, engineer=engineer_en)

    services.assign(ticket=alice_ticket, actor=staff_admin, engineer=None)

    alice_ticket.refresh_from_db()
    assert alice_ticket.assignee_id is None
    assert [to for _, to, _ in _assignments(alice_ticket)] == [str(engineer_en.pk), ""]


def test_assigning_the_same_engineer_again_writes_nothing(alice_ticket, engineer_en, row_counts):
    services.assign(ticket=alice_ticket, actor=engineer_en.user, engineer=engineer_en)
    before = row_counts()

    services.assign(ticket=alice_ticket, actor=engineer_en.user, engineer=engineer_en)

    assert row_counts() == before


def test_assigning_an_inactive_engineer_is_refused(
    alice_ticket, engineer_en, engineer_inactive, row_counts
):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.assign(ticket=alice_ticket, actor=engineer_en.user, engineer=engineer_inactive)

    assert caught.value.code == "engineer_inactive"
    alice_ticket.refresh_from_db()
    assert alice_ticket.assignee_id is None
    assert row_counts() == before


def test_customer_cannot_assign(alice, alice_ticket, engineer_en, row_counts):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.assign(ticket=alice_ticket, actor=alice, engineer=engineer_en)

    assert (caught.value.code, caught.value.status) == ("action_not_allowed", 403)
    assert row_counts() == before


def test_assigning_a_closed_request_is_refused(alice_ticket, engineer_en, row_counts):
    services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.CLOSED)
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.assign(ticket=alice_ticket, actor=engineer_en.user, engineer=engineer_en)

    assert caught.value.code == "ticket_closed"
    assert row_counts() == before
