"""Quotes on out-of-scope requests: offer (mailed), accept (an order with an invoice), pay once,
decline, withdraw; foreign quotes are not found and bad amounts store nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from desk.billing import services as billing_services
from desk.billing.lines import quote_title
from desk.billing.models import Invoice, Order, OrderStatus, Quote, QuoteStatus
from desk.core.errors import DeskError
from desk.entitlements import services as entitlement_services
from desk.entitlements.models import CreditBalance, CreditEntry, Subscription
from desk.outbox.models import OutboxMail
from desk.tickets import quotes, services
from desk.tickets.models import EventKind, Status, TicketEvent

MIGRATION = "Migrate 4,000 products from the old shop"


@pytest.fixture
def out_of_scope(alice_ticket, engineer_en):
    services.rule_out_of_scope(ticket=alice_ticket, engineer=engineer_en, reason="Data migration")
    return alice_ticket


@pytest.fixture
def offered(out_of_scope, engineer_en) -> Quote:
    return quotes.offer_quote(
        ticket=out_of_scope, engineer=engineer_en, description=MIGRATION, amount=Decimal("450.00")
    )


@pytest.fixture
def quote_counts(row_counts) -> Callable[[], dict[str, int]]:
    def count() -> dict[str, int]:
        return {
            **row_counts(),
            "quotes": Quote.objects.count(),
            "orders": Order.objects.count(),
            "invoices": Invoice.objects.count(),
            "mails": OutboxMail.objects.count(),
        }

    return count


def _quote_events(ticket) -> list[tuple[str, object, str]]:
    return [
        (e.kind, e.actor_id, e.to_value)
        for e in TicketEvent.objects.filter(ticket=ticket, kind__startswith="quote").order_by("id")
    ]


def test_offering_a_quote_stores_it_records_it_and_mails_the_customer(
    alice, out_of_scope, engineer_en
):
    # when
    quote = quotes.offer_quote(
        ticket=out_of_scope,
        engineer=engineer_en,
        description=f"  {MIGRATION}  ",
        amount=Decimal("450.5"),
    )

    # then
    quote.refresh_from_db()
    assert (
        quote.ticket_id,
        quote.customer_id,
        quote.created_by_id,
        quote.description,
        quote.amount,
        quote.currency,
        quote.status,
        quote.decided_at,
    ) == (
        out_of_scope.pk,
        alice.pk,
        engineer_en.user_id,
        MIGRATION,
        Decimal("450.50"),
        "USD",
        QuoteStatus.OFFERED,
        None,
    )
    assert _quote_events(out_of_scope) == [
        (EventKind.QUOTE_OFFERED, engineer_en.user_id, "USD 450.50")
    ]
    [mail] = OutboxMail.objects.filter(template="quote_offered")
    assert (mail.recipient_id, mail.event_key) == (alice.pk, f"quote-offered:{quote.pk}")
    assert mail.context["amount"] == "USD 450.50"
    assert mail.context["quote_number"] == quote.number
    assert mail.context["ticket_url"].endswith(f"/requests/{out_of_scope.pk}/")


def test_offering_on_a_request_in_scope_rules_it_out_of_scope_with_the_reason(
    alice_incident, engineer_en
):
    # when
    quote = quotes.offer_quote(
        ticket=alice_incident,
        engineer=engineer_en,
        description=MIGRATION,
        amount=Decimal("99"),
        reason="Data migration is not included",
    )

    # then the request is out of scope (its credit came back) and the quote is offered
    alice_incident.refresh_from_db()
    assert (alice_incident.out_of_scope, alice_incident.status) == (True, Status.RESOLVED)
    assert CreditBalance.objects.get(customer=alice_incident.customer).remaining == 1
    assert quote.status == QuoteStatus.OFFERED
    kinds = list(
        TicketEvent.objects.filter(ticket=alice_incident)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds[-3:] == [EventKind.OUT_OF_SCOPE, EventKind.STATUS, EventKind.QUOTE_OFFERED]


def test_offering_on_a_request_in_scope_without_a_reason_is_refused(
    alice_ticket, engineer_en, quote_counts
):
    before = quote_counts()

    with pytest.raises(DeskError) as caught:
        quotes.offer_quote(
            ticket=alice_ticket, engineer=engineer_en, description=MIGRATION, amount=Decimal(1)
        )

    assert caught.value.code == "quote_needs_out_of_scope"
    assert quote_counts() == before
    alice_ticket.refresh_from_db()
    assert alice_ticket.out_of_scope is False


@pytest.mark.parametrize(
    "amount",
    [
        Decimal(0),
        Decimal("-5.00"),
        Decimal("0.001"),
        Decimal("10.005"),
        Decimal("100000.01"),
        Decimal("1E+6"),
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_stored(
    out_of_scope, engineer_en, quote_counts, amount
):
    # given
    before = quote_counts()

    # when
    with pytest.raises(DeskError) as caught:
        quotes.offer_quote(
            ticket=out_of_scope, engineer=engineer_en, description=MIGRATION, amount=amount
        )

    # then
    assert (caught.value.code, caught.value.status) == ("invalid_quote_amount", 400)
    assert caught.value.message == (
        "Enter an amount above zero and at most USD 100,000.00, with at most two decimals."
    )
    assert quote_counts() == before


@pytest.mark.parametrize("amount", [Decimal("0.01"), Decimal("100000"), Decimal("12.10")])
def test_amounts_at_the_limits_are_accepted(out_of_scope, engineer_en, amount):
    quote = quotes.offer_quote(
        ticket=out_of_scope, engineer=engineer_en, description=MIGRATION, amount=amount
    )

    assert Quote.objects.get(pk=quote.pk).amount == amount


@pytest.mark.parametrize("description", ["", "   ", "\x00", "x" * 2001])
def test_bad_descriptions_are_refused_and_nothing_is_stored(
    out_of_scope, engineer_en, quote_counts, description
):
    before = quote_counts()

    with pytest.raises(DeskError) as caught:
        quotes.offer_quote(
            ticket=out_of_scope, engineer=engineer_en, description=description, amount=Decimal(9)
        )

    assert caught.value.code == "invalid_quote_description"
    assert quote_counts() == before


def test_a_second_open_quote_is_refused(offered, out_of_scope, engineer_en, quote_counts):
    before = quote_counts()

    with pytest.raises(DeskError) as caught:
        quotes.offer_quote(
            ticket=out_of_scope, engineer=engineer_en, description="Again", amount=Decimal(5)
        )

    assert (caught.value.code, caught.value.status) == ("quote_already_open", 409)
    assert quote_counts() == before


def test_a_closed_request_cannot_be_quoted(out_of_scope, engineer_en, quote_counts):
    services.change_status(ticket=out_of_scope, actor=engineer_en.user, status=Status.CLOSED)
    before = quote_counts()

    with pytest.raises(DeskError) as caught:
        quotes.offer_quote(
            ticket=out_of_scope, engineer=engineer_en, description=MIGRATION, amount=Decimal(5)
        )

    assert caught.value.code == "ticket_closed"
    assert quote_counts() == before


def test_accepting_places_an_order_for_the_quote_with_an_offline_invoice(
    alice, offered, out_of_scope
):
    # when
    order = quotes.accept_quote(quote_id=offered.pk, customer=alice)
    billing_services.start_checkout(order=order)

    # then
    order.refresh_from_db()
    offered.refresh_from_db()
    assert (order.customer_id, order.quote_id, order.plan_id, order.quantity) == (
        alice.pk,
        offered.pk,
        None,
        1,
    )
    assert (order.amount, order.currency, order.provider, order.status) == (
        Decimal("450.00"),
        "USD",
        "offline",
        OrderStatus.PENDING,
    )
    assert offered.status == QuoteStatus.ACCEPTED
    assert offered.decided_at is not None
    invoice = order.invoice
    assert order.provider_reference == invoice.number
    assert invoice.amount == Decimal("450.00")
    assert invoice.lines == [
        {
            "plan_code": None,
            "quote": offered.number,
            "description": f"Quoted work {offered.number} on request {out_of_scope.reference}",
            # Russian once the catalogue translates it (locale/ is the translators')
            "description_ru": quote_title(offered, "ru"),
            "details": MIGRATION,
            "kind": "quote",
            "store": None,
            "period_months": None,
            "credits": None,
            "priority": None,
            "quantity": 1,
            "unit_price": "450.00",
            "amount": "450.00",
        }
    ]
    assert _quote_events(out_of_scope)[-1] == (EventKind.QUOTE_ACCEPTED, alice.pk, "USD 450.00")


def test_accepting_twice_gives_the_same_order(alice, offered):
    first = quotes.accept_quote(quote_id=offered.pk, customer=alice)

    again = quotes.accept_quote(quote_id=offered.pk, customer=alice)

    assert again.pk == first.pk
    assert Order.objects.filter(quote=offered).count() == 1
    assert TicketEvent.objects.filter(kind=EventKind.QUOTE_ACCEPTED).count() == 1


def test_paying_marks_the_quote_paid_exactly_once_and_grants_nothing(alice, offered):
    # given an accepted quote's order
    order = quotes.accept_quote(quote_id=offered.pk, customer=alice)
    subscriptions = Subscription.objects.count()
    credit_entries = CreditEntry.objects.count()

    # when the payment is confirmed twice (staff, then a late provider notice)
    first = entitlement_services.confirm_payment(order_id=order.pk)
    second = entitlement_services.confirm_payment(order_id=order.pk, by_provider=True)

    # then it took effect once
    assert (first, second) == (True, False)
    offered.refresh_from_db()
    order.refresh_from_db()
    assert offered.status == QuoteStatus.PAID
    assert (order.status, order.fulfilled_at is not None) == (OrderStatus.PAID, True)
    assert Subscription.objects.count() == subscriptions
    assert CreditEntry.objects.count() == credit_entries
    assert (
        OutboxMail.objects.filter(template="order_paid", event_key=f"order-paid:{order.pk}").count()
        == 1
    )
    assert Invoice.objects.filter(order=order).count() == 1


def test_declining_closes_the_quote(alice, offered, out_of_scope, quote_counts):
    # when
    quotes.decline_quote(quote_id=offered.pk, customer=alice)

    # then
    offered.refresh_from_db()
    assert offered.status == QuoteStatus.DECLINED
    assert offered.decided_at is not None
    assert not Order.objects.filter(quote=offered).exists()
    assert _quote_events(out_of_scope)[-1] == (EventKind.QUOTE_DECLINED, alice.pk, "USD 450.00")
    # and it can no longer be accepted
    before = quote_counts()
    with pytest.raises(DeskError) as caught:
        quotes.accept_quote(quote_id=offered.pk, customer=alice)
    assert (caught.value.code, caught.value.status) == ("quote_not_open", 409)
    assert quote_counts() == before


def test_declining_an_accepted_quote_cancels_its_unpaid_order(alice, offered):
    order = quotes.accept_quote(quote_id=offered.pk, customer=alice)

    quotes.decline_quote(quote_id=offered.pk, customer=alice)

    order.refresh_from_db()
    offered.refresh_from_db()
    assert (offered.status, order.status) == (QuoteStatus.DECLINED, OrderStatus.CANCELLED)


def test_a_paid_quote_cannot_be_declined_or_withdrawn(alice, offered, engineer_en, quote_counts):
    order = quotes.accept_quote(quote_id=offered.pk, customer=alice)
    entitlement_services.confirm_payment(order_id=order.pk)
    before = quote_counts()

    for refused in (
        lambda: quotes.decline_quote(quote_id=offered.pk, customer=alice),
        lambda: quotes.withdraw_quote(quote_id=offered.pk, engineer=engineer_en),
    ):
        with pytest.raises(DeskError) as caught:
            refused()
        assert caught.value.code == "quote_not_open"

    assert quote_counts() == before
    offered.refresh_from_db()
    assert offered.status == QuoteStatus.PAID


def test_withdrawing_closes_the_quote_and_allows_a_new_one(offered, out_of_scope, engineer_en):
    # when
    quotes.withdraw_quote(quote_id=offered.pk, engineer=engineer_en)

    # then
    offered.refresh_from_db()
    assert offered.status == QuoteStatus.WITHDRAWN
    assert _quote_events(out_of_scope)[-1] == (
        EventKind.QUOTE_WITHDRAWN,
        engineer_en.user_id,
        "USD 450.00",
    )
    second = quotes.offer_quote(
        ticket=out_of_scope, engineer=engineer_en, description="Smaller job", amount=Decimal(90)
    )
    assert second.status == QuoteStatus.OFFERED


def test_bob_cannot_accept_or_decline_alices_quote(bob, offered, quote_counts):
    before = quote_counts()

    for refused in (
        lambda: quotes.accept_quote(quote_id=offered.pk, customer=bob),
        lambda: quotes.decline_quote(quote_id=offered.pk, customer=bob),
    ):
        with pytest.raises(DeskError) as caught:
            refused()
        assert (caught.value.code, caught.value.status) == ("quote_not_found", 404)

    assert quote_counts() == before
    offered.refresh_from_db()
    assert offered.status == QuoteStatus.OFFERED
