from __future__ import annotations

from desk.tickets import selectors, services
from desk.tickets.models import EventKind, MessageKind, Status


def test_note_is_stored_but_invisible_to_the_customer(alice_ticket, engineer_en):
    # when
    note = services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Customer is on 8.2")

    # then
    assert (note.kind, note.is_public) == (MessageKind.NOTE, False)
    everything = selectors.ticket_messages(alice_ticket, include_notes=True)
    assert [m.kind for m in everything] == [MessageKind.CUSTOMER, MessageKind.NOTE]
    public = selectors.ticket_messages(alice_ticket, include_notes=False)
    assert [m.kind for m in public] == [MessageKind.CUSTOMER]
    assert [m.kind for m in selectors.public_messages(alice_ticket)] == [MessageKind.CUSTOMER]


def test_note_event_is_hidden_from_the_customers_history(alice_ticket, engineer_en):
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Internal")

    assert [e.kind for e in selectors.ticket_events(alice_ticket)] == [
        EventKind.CREATED,
        EventKind.NOTE,
    ]
    assert [e.kind for e in selectors.ticket_events(alice_ticket, for_customer=True)] == [
        EventKind.CREATED
    ]


def test_note_leaves_status_clock_and_assignee_alone(alice_ticket, engineer_en):
    # given
    started = alice_ticket.awaiting_reply_since

    # when
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Looking")

    # then
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.NEW
    assert alice_ticket.awaiting_reply_since == started
    assert alice_ticket.first_replied_at is None
    assert alice_ticket.assignee_id is None


def test_note_on_a_closed_request_is_allowed(alice_ticket, engineer_en):
    services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.CLOSED)

    note = services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Post-mortem")

    assert note.kind == MessageKind.NOTE
