"""The services of other rooms emit their events, in their own transaction."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal

from desk.billing import services as billing_services
from desk.billing.models import Order, OrderStatus
from desk.catalog.models import Plan
from desk.tickets.clock import alerts
from desk.tickets.services import change_status, reply
from desk.tickets.tests.builders import at_moscow, next_moscow, open_request
from desk.webhooks import services
from desk.webhooks.models import EventType, WebhookEvent


def _listen(staff_admin):
    return services.register_endpoint(
        actor=staff_admin, url="https://93.184.215.14/hooks", event_types=EventType.values
    )


def test_a_request_is_opened_replied_and_resolved(
    staff_admin, alice, alice_store, alice_subscription, engineer_en
):
    # given
    _listen(staff_admin)
    # when
    ticket = open_request(alice, alice_store)
    reply(ticket=ticket, engineer=engineer_en, body="Fixed the template.")
    change_status(ticket=ticket, actor=engineer_en.user, status="resolved")
    # then
    events = list(WebhookEvent.objects.order_by("created_at", "type"))
    assert [event.type for event in events] == [
        "request.opened",
        "request.replied",
        "request.resolved",
    ]
    assert {event.payload["request"]["id"] for event in events} == {ticket.pk}
    assert events[0].payload["request"]["customer_id"] == alice.pk
    assert "body" not in events[1].payload["request"]
    assert events[1].payload["engineer_id"] == engineer_en.pk


def test_an_order_paid_then_refunded(staff_admin, alice):
    # given
    _listen(staff_admin)
    plan = Plan.objects.get(code="incident-normal")
    order = Order.objects.create(
        customer=alice, plan=plan, amount=Decimal("99.00"), currency="USD", provider="offline"
    )
    # when
    paid = billing_services.mark_order_paid(order_id=order.pk, by=staff_admin)
    again = billing_services.mark_order_paid(order_id=order.pk, by=staff_admin)
    refunded = billing_services.mark_order_revoked(order_id=order.pk, status=OrderStatus.REFUNDED)
    # then
    assert (paid, again, refunded) == (True, False, True)
    events = list(WebhookEvent.objects.order_by("created_at", "type"))
    assert [event.type for event in events] == ["order.paid", "order.refunded"]
    assert events[0].payload["order"]["amount"] == "99.00"
    assert events[0].payload["order"]["plan"] == "incident-normal"
    assert events[1].payload["order"]["status"] == "refunded"


def test_no_endpoint_no_event(alice, alice_store, alice_subscription):
    open_request(alice, alice_store)

    assert not WebhookEvent.objects.exists()


def test_sla_warning_and_breach_are_emitted_once(
    staff_admin, alice, alice_store, alice_subscription, clock
):
    # given: a Hotrush request opened Monday 10:00 Moscow, due at 12:00
    _listen(staff_admin)
    opened = clock.current = next_moscow(0, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    clock.current = at_moscow(opened, 0, 12, 20)
    # when
    alerts.sweep()
    alerts.sweep()
    # then
    sla = WebhookEvent.objects.filter(type__startswith="sla.").order_by("type")
    assert [event.type for event in sla] == ["sla.breached", "sla.warning"]
    assert {event.payload["request"]["id"] for event in sla} == {ticket.pk}
    due = at_moscow(opened, 0, 12)
    assert [event.payload["due_at"] for event in sla] == [iso_z(due)] * 2


def iso_z(at):
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")
