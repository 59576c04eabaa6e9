"""A pause is a pause (issue 8): waiting on the customer or resolving stands the reply clock still;
staff moving the request back resume it with exactly the working time that was left; a customer
message starts a new clock under the full guarantee; closing stops it. Support hours (PRODUCT.md
§4): Mon-Fri 06:00-01:00 (next day), Sat-Sun 10:00-18:00, Moscow time; Hotrush: 2 working hours.
"""

from __future__ import annotations

from datetime import timedelta

from desk.tickets import services
from desk.tickets.clock import alerts
from desk.tickets.events import iso
from desk.tickets.models import EventKind, Status, TicketEvent
from desk.tickets.tests.builders import at_moscow, next_moscow, open_request

MONDAY, TUESDAY = 0, 1


def _clock_events(ticket) -> list[tuple[str, str, str, dict[str, object]]]:
    kinds = [EventKind.SLA_PAUSED, EventKind.SLA_RESUMED, EventKind.SLA_MET, EventKind.SLA_BREACHED]
    events = TicketEvent.objects.filter(ticket=ticket, kind__in=kinds).order_by("id")
    return [(e.kind, e.from_value, e.to_value, e.data) for e in events]


def test_waiting_a_minute_without_a_reply_does_not_buy_two_hours(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: the example: Hotrush Tue 10:00 (due 12:00), waiting 11:50, open 11:51
    opened = clock.current = next_moscow(TUESDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    actor = engineer_en.user
    clock.current = at_moscow(opened, 0, 11, 50)
    services.change_status(ticket=ticket, actor=actor, status=Status.WAITING)
    clock.current = at_moscow(opened, 0, 11, 51)

    # when
    services.change_status(ticket=ticket, actor=actor, status=Status.OPEN)

    # then: the 10 minutes that were left run from 11:51
    ticket.refresh_from_db()
    assert ticket.reply_due_at == at_moscow(opened, 0, 12, 1)

    # when: the reply comes at 12:50
    clock.current = at_moscow(opened, 0, 12, 50)
    services.reply(ticket=ticket, engineer=engineer_en, body="Here it is.")

    # then: breached, after 110 + 59 working minutes of running clock and one minute paused
    kind, started, due, data = _clock_events(ticket)[-1]
    assert (kind, started, due) == (
        EventKind.SLA_BREACHED,
        iso(opened),
        iso(at_moscow(opened, 0, 12, 1)),
    )
    assert (data["working_seconds_used"], data["working_seconds_paused"]) == (169 * 60, 60)


def test_every_pause_and_resume_is_in_the_history(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: Hotrush Monday 23:30, due Tuesday 06:30 (90 minutes on Monday night, 30 on Tuesday)
    opened = clock.current = next_moscow(MONDAY, 23, 30)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    assert ticket.reply_due_at == at_moscow(opened, 1, 6, 30)
    actor = engineer_en.user

    # when: waiting from Tue 00:00 to Tue 09:00
    paused = clock.current = at_moscow(opened, 1, 0)
    services.change_status(ticket=ticket, actor=actor, status=Status.WAITING)
    resumed = clock.current = at_moscow(opened, 1, 9)
    services.change_status(ticket=ticket, actor=actor, status=Status.OPEN)

    # then: 90 working minutes were left (00:00-01:00 and 06:00-06:30), so due 10:30; the pause
    # stood over 4 working hours (00:00-01:00 and 06:00-09:00)
    ticket.refresh_from_db()
    due = at_moscow(opened, 1, 10, 30)
    assert ticket.reply_due_at == due
    assert _clock_events(ticket) == [
        (
            EventKind.SLA_PAUSED,
            iso(opened),
            iso(at_moscow(opened, 1, 6, 30)),
            {
                "paused_at": iso(paused),
                "due_at": iso(at_moscow(opened, 1, 6, 30)),
                "left_seconds": 90 * 60,
                "working_seconds_used": 30 * 60,
            },
        ),
        (
            EventKind.SLA_RESUMED,
            iso(opened),
            iso(due),
            {
                "resumed_at": iso(resumed),
                "due_at": iso(due),
                "left_seconds": 90 * 60,
                "paused_seconds": 4 * 3600,
            },
        ),
    ]
    events = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.SLA_PAUSED)
    assert events.get().actor == actor


def test_resolving_pauses_and_reopening_by_staff_resumes(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: Hotrush Monday 10:00, resolved at 11:00 without a reply
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    clock.current = at_moscow(opened, 0, 11)
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.RESOLVED)
    clock.current = at_moscow(opened, 0, 15)

    # when
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.OPEN)

    # then: the hour that was left
    ticket.refresh_from_db()
    assert ticket.reply_due_at == at_moscow(opened, 0, 16)


def test_a_customer_message_on_a_paused_clock_owes_a_new_reply_under_the_full_guarantee(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: paused at 11:30 with 30 minutes left
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    clock.current = at_moscow(opened, 0, 11, 30)
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.WAITING)
    written = clock.current = at_moscow(opened, 0, 13)

    # when
    services.add_customer_message(ticket=ticket, author=alice, body="Here is the log.")

    # then: a new clock, two full working hours from the message
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert (ticket.awaiting_reply_since, ticket.reply_due_at) == (written, at_moscow(opened, 0, 15))
    assert (ticket.reply_paused_at, ticket.reply_left) == (None, timedelta(hours=2))
    assert [kind for kind, *_ in _clock_events(ticket)] == [EventKind.SLA_PAUSED]


def test_a_reply_while_paused_before_the_due_time_is_met(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: 40 minutes of running clock, then waiting for 20 minutes
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    clock.current = at_moscow(opened, 0, 10, 40)
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.WAITING)
    replied = clock.current = at_moscow(opened, 0, 11)

    # when
    services.reply(ticket=ticket, engineer=engineer_en, body="Found it.")

    # then: the reply came while the clock stood still with 80 minutes left
    ticket.refresh_from_db()
    assert (ticket.awaiting_reply_since, ticket.reply_paused_at) == (None, None)
    kind, _started, due, data = _clock_events(ticket)[-1]
    assert (kind, due) == (EventKind.SLA_MET, iso(at_moscow(opened, 0, 12, 20)))
    assert data["replied_at"] == iso(replied)
    assert (data["working_seconds_used"], data["working_seconds_paused"]) == (40 * 60, 20 * 60)


def test_pausing_an_overdue_clock_leaves_nothing_to_resume(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: Hotrush Monday 10:00, breached at 12:00, paused at 12:30
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    clock.current = at_moscow(opened, 0, 12, 30)
    assert alerts.sweep() == {"warned": 1, "breached": 1}
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.WAITING)
    resumed = clock.current = at_moscow(opened, 0, 14)

    # when
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.OPEN)
    clock.current = at_moscow(opened, 0, 14, 10)
    services.reply(ticket=ticket, engineer=engineer_en, body="Sorry.")

    # then: due at once; one breach, no second outcome
    ticket.refresh_from_db()
    kinds = [kind for kind, *_ in _clock_events(ticket)]
    assert kinds == [EventKind.SLA_BREACHED, EventKind.SLA_PAUSED, EventKind.SLA_RESUMED]
    resume = TicketEvent.objects.get(ticket=ticket, kind=EventKind.SLA_RESUMED)
    assert (resume.data["left_seconds"], resume.data["due_at"]) == (0, iso(resumed))


def test_closing_stops_the_clock_for_good(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given
    clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.WAITING)

    # when
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.CLOSED)

    # then
    ticket.refresh_from_db()
    assert (ticket.awaiting_reply_since, ticket.reply_paused_at, ticket.reply_left) == (
        None,
        None,
        None,
    )


def test_assigning_noting_and_reopening_an_answered_request_owe_nothing(
    alice, alice_store, alice_subscription, engineer_en, engineer_ru, clock
):
    # given: answered, so nothing is owed
    clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    services.reply(ticket=ticket, engineer=engineer_en, body="Done, please check.")
    clock.advance(minutes=5)

    # when: staff shuffle it around
    services.assign(ticket=ticket, actor=engineer_en.user, engineer=engineer_ru)
    services.add_note(ticket=ticket, engineer=engineer_ru, body="Waiting for Alice")
    services.change_status(ticket=ticket, actor=engineer_ru.user, status=Status.OPEN)

    # then: a staff move to open is no customer message: no clock starts
    ticket.refresh_from_db()
    assert (ticket.awaiting_reply_since, ticket.reply_due_at) == (None, None)
