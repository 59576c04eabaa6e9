from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.entitlements.models import CreditBalance, CreditEntry, CreditReason
from desk.tickets import selectors, services
from desk.tickets.models import EventKind, Status, TicketEvent


def test_out_of_scope_returns_the_incident_credit_and_resolves(alice, alice_incident, engineer_en):
    # when
    services.rule_out_of_scope(
        ticket=alice_incident, engineer=engineer_en, reason="  Custom development  "
    )

    # then
    alice_incident.refresh_from_db()
    assert alice_incident.out_of_scope is True
    assert alice_incident.status == Status.RESOLVED
    assert alice_incident.awaiting_reply_since is None
    returned = CreditEntry.objects.get(reason=CreditReason.RETURN)
    assert (returned.customer_id, returned.priority, returned.delta, returned.ticket_id) == (
        alice.pk,
        "normal",
        1,
        alice_incident.pk,
    )
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 1
    events = TicketEvent.objects.filter(ticket=alice_incident).order_by("id")
    assert [(e.kind, e.data) for e in events][1:] == [
        (EventKind.OUT_OF_SCOPE, {"reason": "Custom development", "credit_returned": True}),
        (EventKind.STATUS, {}),
    ]


def test_out_of_scope_twice_is_refused_and_returns_the_credit_once(
    alice, alice_incident, engineer_en, row_counts
):
    # given
    services.rule_out_of_scope(ticket=alice_incident, engineer=engineer_en, reason="Web design")
    services.change_status(ticket=alice_incident, actor=engineer_en.user, status=Status.OPEN)
    before = row_counts()

    # when
    with pytest.raises(DeskError) as caught:
        services.rule_out_of_scope(ticket=alice_incident, engineer=engineer_en, reason="Again")

    # then
    assert (caught.value.code, caught.value.status) == ("already_out_of_scope", 409)
    assert row_counts() == before
    assert CreditEntry.objects.filter(reason=CreditReason.RETURN).count() == 1
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 1


def test_out_of_scope_on_a_subscription_returns_nothing(alice_ticket, engineer_en):
    services.rule_out_of_scope(ticket=alice_ticket, engineer=engineer_en, reason="Custom SEO")

    event = TicketEvent.objects.get(ticket=alice_ticket, kind=EventKind.OUT_OF_SCOPE)
    assert event.data == {"reason": "Custom SEO", "credit_returned": False}
    assert not CreditEntry.objects.filter(reason=CreditReason.RETURN).exists()


def test_out_of_scope_event_is_in_the_customers_history(alice_ticket, engineer_en):
    services.rule_out_of_scope(ticket=alice_ticket, engineer=engineer_en, reason="Web design")

    kinds = [e.kind for e in selectors.ticket_events(alice_ticket, for_customer=True)]
    assert kinds == [EventKind.CREATED, EventKind.OUT_OF_SCOPE, EventKind.STATUS]


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_out_of_scope_needs_a_reason(alice_incident, engineer_en, row_counts, reason):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.rule_out_of_scope(ticket=alice_incident, engineer=engineer_en, reason=reason)

    assert caught.value.code == "invalid_reason"
    assert row_counts() == before


def test_out_of_scope_on_a_closed_request_is_refused(alice_incident, engineer_en, row_counts):
    services.change_status(ticket=alice_incident, actor=engineer_en.user, status=Status.CLOSED)
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.rule_out_of_scope(ticket=alice_incident, engineer=engineer_en, reason="Late")

    assert caught.value.code == "ticket_closed"
    assert row_counts() == before


def test_customer_message_after_out_of_scope_is_kept_but_does_not_reopen(
    alice, alice_incident, engineer_en
):
    # given a request ruled out of scope: its credit came back
    services.rule_out_of_scope(ticket=alice_incident, engineer=engineer_en, reason="Web design")
    # when the customer writes again
    message = services.add_customer_message(
        ticket=alice_incident, author=alice, body="But this is a bug, not design!"
    )
    # then the message is there for the engineers, the request stays resolved and no clock runs
    alice_incident.refresh_from_db()
    assert message.ticket_id == alice_incident.pk
    assert alice_incident.status == Status.RESOLVED
    assert alice_incident.awaiting_reply_since is None
    assert alice_incident.reply_due_at is None
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 1
