"""Routing (issue 8, point 4): a new request goes to an engineer of its department who speaks its
language and is on shift, least loaded first (Hotrush weighs 2); else it waits in the department
queue with the reason; it moves on when its assignee goes off shift with the reply due before
their next shift. Support hours: Mon-Fri 06:00-01:00, Sat-Sun 10:00-18:00 Moscow."""

from __future__ import annotations

import pytest

from desk.accounts import services as account_services
from desk.accounts.models import Department
from desk.outbox.models import OutboxMail
from desk.schedules import services as schedule_services
from desk.tickets import services
from desk.tickets.clock import alerts
from desk.tickets.events import iso
from desk.tickets.models import EventKind, TicketEvent, UnroutedReason
from desk.tickets.tests.builders import at_moscow, next_moscow, open_request

MONDAY = 0
NIGHTS = {day: [["22:00", "06:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


@pytest.fixture(autouse=True)
def _routing_on(settings):
    settings.DESK_ROUTING_ENABLED = True


@pytest.fixture
def eva(db):
    """A second English speaker in Technical Support, on the support hours."""
    return account_services.create_engineer(
        email="eva@supportdesk.example",
        password=None,
        full_name="Eva English",
        department_codes=["technical-support"],
    )


@pytest.fixture
def nora(db):
    """Bilingual, Technical Support, nights Mon-Fri 22:00-06:00 Moscow."""
    engineer = account_services.create_engineer(
        email="nora@supportdesk.example",
        password=None,
        full_name="Nora Night",
        department_codes=["technical-support"],
        speaks_ru=True,
    )
    schedule_services.set_schedule(engineer=engineer, time_zone="Europe/Moscow", weekly=NIGHTS)
    return engineer


def _routing_events(ticket) -> list[tuple[str, str, dict[str, object]]]:
    events = TicketEvent.objects.filter(
        ticket=ticket, kind__in=[EventKind.ASSIGNED, EventKind.NOT_ROUTED]
    ).order_by("id")
    return [(e.kind, e.to_value, e.data) for e in events]


def test_a_request_goes_to_a_speaker_of_its_language_on_shift(
    alice, alice_store, alice_subscription, engineer_en, engineer_ru, clock
):
    # given: Monday 10:00, Erin (English) and Roman (Russian) on the support hours
    clock.current = next_moscow(MONDAY, 10)

    # when
    english = open_request(alice, alice_store)
    russian = open_request(alice, alice_store, language="ru")

    # then
    assert (english.assignee, russian.assignee) == (engineer_en, engineer_ru)
    assert _routing_events(russian) == [
        (
            EventKind.ASSIGNED,
            str(engineer_ru.pk),
            {"from": None, "to": "Роман Инженеров", "by": "routing", "why": "new", "load": 0},
        )
    ]
    assert TicketEvent.objects.get(ticket=russian, kind=EventKind.ASSIGNED).actor is None


def test_the_least_loaded_engineer_gets_it_and_hotrush_weighs_two(
    alice, alice_store, alice_subscription, engineer_en, eva, clock
):
    # given: Erin holds one Hotrush (2), Eva two common requests (2); then Eva a third (3)
    clock.current = next_moscow(MONDAY, 10)
    first = open_request(alice, alice_store, is_hotrush=True)
    second, third = open_request(alice, alice_store), open_request(alice, alice_store)
    assert (first.assignee, second.assignee, third.assignee) == (engineer_en, eva, eva)

    # when: equal loads (2 and 2): the lower id; then Erin holds 3, Eva 2
    fourth = open_request(alice, alice_store)
    fifth = open_request(alice, alice_store)

    # then
    assert (fourth.assignee, fifth.assignee) == (engineer_en, eva)


def test_nobody_who_speaks_the_language_leaves_it_in_the_queue_with_the_reason(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    clock.current = next_moscow(MONDAY, 10)

    ticket = open_request(alice, alice_store, language="ru")

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.unrouted_reason) == (None, UnroutedReason.NO_SPEAKER)
    assert _routing_events(ticket) == [
        (EventKind.NOT_ROUTED, UnroutedReason.NO_SPEAKER, {"why": "new"})
    ]


def test_at_night_only_the_night_shift_takes_requests(
    alice, alice_store, alice_subscription, engineer_en, nora, clock
):
    # given: Tuesday 03:00 Moscow, support closed; Nora works nights
    clock.current = next_moscow(1, 3)

    # when
    ticket = open_request(alice, alice_store)

    # then
    assert ticket.assignee == nora


def test_when_nobody_is_on_shift_it_waits_and_goes_to_the_first_who_comes(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: Tuesday 03:00, nobody on shift
    night = clock.current = next_moscow(1, 3)
    ticket = open_request(alice, alice_store)
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.unrouted_reason) == (None, UnroutedReason.OFF_SHIFT)

    # when: the sweep runs before and after Erin's shift opens at 06:00
    before = services.sweep_routing(at_moscow(night, 0, 5, 59))
    clock.current = at_moscow(night, 0, 6)
    after = services.sweep_routing()

    # then
    ticket.refresh_from_db()
    assert (before, after) == ({"rerouted": 0, "routed": 0}, {"rerouted": 0, "routed": 1})
    assert (ticket.assignee, ticket.unrouted_reason) == (engineer_en, "")


def test_a_request_moves_on_when_its_assignee_goes_off_shift_before_it_is_due(
    alice, alice_store, alice_subscription, engineer_en, nora, clock
):
    # given: Erin works 14:00-22:00 on Mondays and Tuesdays; a Hotrush at Monday 21:30, due
    # 23:30, goes to her (Nora starts at 22:00)
    schedule_services.set_schedule(
        engineer=engineer_en,
        time_zone="Europe/Moscow",
        weekly={"mon": [["14:00", "22:00"]], "tue": [["14:00", "22:00"]]},
    )
    opened = clock.current = next_moscow(MONDAY, 21, 30)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    assert ticket.assignee == engineer_en
    assert ticket.reply_due_at == at_moscow(opened, 0, 23, 30)

    # when: at 22:00 Erin's shift ends (back Tuesday 14:00, after the due time); Nora starts
    clock.current = at_moscow(opened, 0, 22)
    counts = services.sweep_routing()

    # then
    ticket.refresh_from_db()
    assert counts == {"rerouted": 1, "routed": 0}
    assert ticket.assignee == nora
    kind, to, data = _routing_events(ticket)[-1]
    assert (kind, to, data["by"], data["why"]) == (
        EventKind.ASSIGNED,
        str(nora.pk),
        "routing",
        "assignee_off_shift",
    )


def test_a_request_due_after_the_assignees_next_shift_stays(
    alice, alice_store, alice_subscription, engineer_en, nora, clock
):
    # given: a common inquiry Monday 21:30 is due Tuesday 21:30; Erin is back Tuesday 14:00
    schedule_services.set_schedule(
        engineer=engineer_en,
        time_zone="Europe/Moscow",
        weekly={"mon": [["14:00", "22:00"]], "tue": [["14:00", "22:00"]]},
    )
    opened = clock.current = next_moscow(MONDAY, 21, 30)
    ticket = open_request(alice, alice_store)

    # when
    clock.current = at_moscow(opened, 0, 22)
    counts = services.sweep_routing()

    # then
    ticket.refresh_from_db()
    assert (counts["rerouted"], ticket.assignee) == (0, engineer_en)


def test_a_request_someone_unassigned_is_not_taken_back_by_routing(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store)
    services.assign(ticket=ticket, actor=engineer_en.user, engineer=None)

    assert services.sweep_routing() == {"rerouted": 0, "routed": 0}
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_moving_to_another_department_routes_it_there(
    alice, alice_store, alice_subscription, engineer_en, engineer_ru, clock
):
    # given: Roman's request; Customer Service has Erin only
    clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, language="en")
    services.assign(ticket=ticket, actor=engineer_en.user, engineer=engineer_ru)
    service = Department.objects.get(code="customer-service")

    # when
    services.move_to_department(ticket=ticket, actor=engineer_ru.user, department=service)

    # then: Roman does not work there; Erin does and speaks English
    ticket.refresh_from_db()
    assert (ticket.department, ticket.assignee) == (service, engineer_en)
    assert ticket.reply_due_at == at_moscow(clock.current, 1, 10)  # the clock is untouched


def test_with_routing_off_requests_wait_in_the_queue(
    alice, alice_store, alice_subscription, engineer_en, clock, settings
):
    settings.DESK_ROUTING_ENABLED = False
    clock.current = next_moscow(MONDAY, 10)

    ticket = open_request(alice, alice_store)

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.unrouted_reason) == (None, "")


def test_warnings_of_a_rerouted_request_go_to_its_new_assignee(
    alice, alice_store, alice_subscription, engineer_en, nora, clock
):
    # given: the request moved to Nora at 22:00 (see above); warning at 23:00
    schedule_services.set_schedule(
        engineer=engineer_en,
        time_zone="Europe/Moscow",
        weekly={"mon": [["14:00", "22:00"]]},
    )
    opened = clock.current = next_moscow(MONDAY, 21, 30)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    clock.current = at_moscow(opened, 0, 22)
    services.sweep_routing()

    # when
    clock.current = at_moscow(opened, 0, 23)
    alerts.sweep()

    # then
    warned = OutboxMail.objects.filter(template="sla_warning")
    assert list(warned.values_list("event_key", "recipient_email")) == [
        (f"sla-warning:{ticket.pk}:{iso(at_moscow(opened, 0, 23, 30))}", "nora@supportdesk.example")
    ]
