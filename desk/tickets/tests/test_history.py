from __future__ import annotations

from desk.tickets import selectors, services
from desk.tickets.models import EventKind, Status, TicketEvent


def test_history_is_appended_by_every_action(alice, alice_incident, engineer_en, engineer_ru):
    # given
    ticket = alice_incident
    actor = engineer_en.user

    # when: a typical life of a request
    services.add_note(ticket=ticket, engineer=engineer_en, body="Looks like a plugin conflict")
    services.reply(ticket=ticket, engineer=engineer_en, body="Disable plugin X?")
    services.add_customer_message(ticket=ticket, author=alice, body="Still broken")
    services.assign(ticket=ticket, actor=actor, engineer=engineer_ru)
    services.link_bug(ticket=ticket, engineer=engineer_ru, url="https://bugs.example/SD-7")
    services.reply(ticket=ticket, engineer=engineer_ru, body="Patched", status=Status.RESOLVED)
    services.change_status(ticket=ticket, actor=alice, status=Status.CLOSED)

    # then
    # (reply-clock events carry instants: test_reply_clock.py checks their values)
    history = [
        (e.kind, e.from_value, e.to_value) if not e.kind.startswith("sla_") else (e.kind, "", "")
        for e in selectors.ticket_events(ticket)
    ]
    assert history == [
        (EventKind.CREATED, "", "new"),
        (EventKind.NOTE, "", ""),
        (EventKind.REPLY, "", ""),
        (EventKind.SLA_MET, "", ""),
        (EventKind.STATUS, "new", "waiting"),
        (EventKind.ASSIGNED, "", str(engineer_en.pk)),
        (EventKind.MESSAGE, "", ""),
        (EventKind.STATUS, "waiting", "open"),
        (EventKind.ASSIGNED, str(engineer_en.pk), str(engineer_ru.pk)),
        (EventKind.BUG_LINKED, "", "https://bugs.example/SD-7"),
        (EventKind.REPLY, "", ""),
        (EventKind.SLA_MET, "", ""),
        (EventKind.STATUS, "open", "resolved"),
        (EventKind.STATUS, "resolved", "closed"),
    ]
    assert TicketEvent.objects.filter(ticket=ticket).count() == 14


def test_earlier_events_are_never_rewritten(alice, alice_ticket, engineer_en):
    # given
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="First")
    snapshot = list(TicketEvent.objects.order_by("id").values())

    # when
    services.add_customer_message(ticket=alice_ticket, author=alice, body="Reply")
    services.change_status(ticket=alice_ticket, actor=alice, status=Status.RESOLVED)

    # then
    assert list(TicketEvent.objects.order_by("id").values())[: len(snapshot)] == snapshot
    # the message, waiting -> open, open -> resolved, and the reply clock's pause
    assert TicketEvent.objects.count() == len(snapshot) + 4
