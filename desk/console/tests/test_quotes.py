"""Console quotes: offer one from the request page (ruling it out of scope if needed), list them,
withdraw an open one. Customers never reach these pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from desk.billing.models import Quote, QuoteStatus
from desk.outbox.models import OutboxMail
from desk.stores import services as store_services
from desk.tickets import quotes
from desk.tickets.models import Ticket
from desk.tickets.tests.builders import open_request, pay_order

DESCRIPTION = "Template integration of the new theme"


@pytest.fixture
def ticket(alice) -> Ticket:
    store = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=store)
    return open_request(alice, store)


@pytest.fixture
def as_engineer(client, engineer_en):
    client.force_login(engineer_en.user)
    return client


def flashes(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_request_page_offers_a_quote_form_with_the_reason(as_engineer, ticket):
    page = as_engineer.get(reverse("console:ticket", args=[ticket.pk])).content.decode()

    assert reverse("console:ticket_quote_offer", args=[ticket.pk]) in page
    assert 'id="quote_amount"' in page
    assert 'id="quote_reason"' in page  # not out of scope yet: the reason rules it so


def test_offering_rules_out_of_scope_stores_the_quote_and_mails_the_customer(
    as_engineer, ticket, alice
):
    # when
    response = as_engineer.post(
        reverse("console:ticket_quote_offer", args=[ticket.pk]),
        {"description": DESCRIPTION, "amount": "1200.00", "reason": "Template integration"},
    )

    # then
    assert response["Location"] == reverse("console:ticket", args=[ticket.pk])
    assert flashes(response) == ["Quote sent to the customer."]
    quote = Quote.objects.get(ticket_id=ticket.pk)
    assert (quote.description, quote.amount, quote.status) == (
        DESCRIPTION,
        Decimal("1200.00"),
        QuoteStatus.OFFERED,
    )
    ticket.refresh_from_db()
    assert ticket.out_of_scope is True
    assert OutboxMail.objects.filter(template="quote_offered", recipient=alice).count() == 1
    page = as_engineer.get(response["Location"]).content.decode()
    assert DESCRIPTION in page
    assert reverse("console:quote_withdraw", args=[quote.pk]) in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": DESCRIPTION, "amount": "0", "reason": "x"}, "Amount (USD): "),
        ({"description": DESCRIPTION, "amount": "100000.01", "reason": "x"}, "Amount (USD): "),
        ({"description": DESCRIPTION, "amount": "abc", "reason": "x"}, "Amount (USD): "),
        ({"description": DESCRIPTION, "amount": "5"}, "Only work outside the service scope"),
        ({"description": "", "amount": "5", "reason": "x"}, "Work quoted: "),
    ],
)
def test_bad_offers_are_refused_with_a_message(as_engineer, ticket, data, message):
    response = as_engineer.post(reverse("console:ticket_quote_offer", args=[ticket.pk]), data)

    [flash] = flashes(response)
    assert flash.startswith(message)
    assert not Quote.objects.exists()
    ticket.refresh_from_db()
    assert ticket.out_of_scope is False


def test_withdrawing_closes_the_quote(as_engineer, ticket, engineer_en):
    # given
    quote = quotes.offer_quote(
        ticket=ticket, engineer=engineer_en, description=DESCRIPTION, amount=Decimal(5), reason="x"
    )
    # when
    response = as_engineer.post(reverse("console:quote_withdraw", args=[quote.pk]))
    # then
    assert response["Location"] == reverse("console:ticket", args=[ticket.pk])
    assert flashes(response) == [f"Quote {quote.number} withdrawn."]
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.WITHDRAWN


def test_customers_do_not_reach_the_console_quote_actions(client, alice, ticket, engineer_en):
    quote = quotes.offer_quote(
        ticket=ticket, engineer=engineer_en, description=DESCRIPTION, amount=Decimal(5), reason="x"
    )
    client.force_login(alice)

    withdraw = client.post(reverse("console:quote_withdraw", args=[quote.pk]))
    offer = client.post(
        reverse("console:ticket_quote_offer", args=[ticket.pk]),
        {"description": DESCRIPTION, "amount": "5"},
    )

    assert (withdraw.status_code, offer.status_code) == (404, 404)
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.OFFERED
    assert Quote.objects.count() == 1


def test_a_quote_order_shows_its_quote_in_the_console(as_engineer, alice, ticket, engineer_en):
    # given an accepted quote
    quote = quotes.offer_quote(
        ticket=ticket, engineer=engineer_en, description=DESCRIPTION, amount=Decimal(5), reason="x"
    )
    order = quotes.accept_quote(quote_id=quote.pk, customer=alice)
    # when
    detail = as_engineer.get(reverse("console:order", args=[order.pk])).content.decode()
    listing = as_engineer.get(reverse("console:orders")).content.decode()
    page = as_engineer.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    # then
    assert f"Quoted work {quote.number}" in detail
    assert f"Quoted work {quote.number}" in listing
    assert reverse("console:order", args=[order.pk]) in page
