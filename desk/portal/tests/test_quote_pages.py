"""The customer's quote on the request page: accept (to the invoice, or to Stripe), decline;
the order page shows the quoted work; someone else's quote is a 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from desk.billing.models import Order, OrderStatus, Quote, QuoteStatus
from desk.billing.tests.stripe_fakes import fake_stripe, use_stripe_test_keys
from desk.stores import services as store_services
from desk.tickets import quotes, services
from desk.tickets.tests.builders import open_request, pay_order

DESCRIPTION = "Move 4,000 products from the old shop"


@pytest.fixture
def alice_quote(alice, engineer_en) -> Quote:
    store = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=store)
    ticket = open_request(alice, store)
    services.rule_out_of_scope(ticket=ticket, engineer=engineer_en, reason="Data migration")
    return quotes.offer_quote(
        ticket=ticket, engineer=engineer_en, description=DESCRIPTION, amount=Decimal("450.00")
    )


@pytest.fixture
def no_card(settings) -> None:
    settings.STRIPE_SECRET_KEY = ""


def flashes(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_request_page_shows_the_quote_with_accept_and_decline(
    client, alice, alice_quote, no_card
):
    # given
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket", args=[alice_quote.ticket_id]))
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert DESCRIPTION in page
    assert f"{alice_quote.number} · USD 450.00" in page
    assert reverse("portal:quote_accept", args=[alice_quote.pk]) in page
    assert 'name="provider" value="offline"' in page
    assert 'name="provider" value="stripe"' not in page
    assert reverse("portal:quote_decline", args=[alice_quote.pk]) in page


def test_accepting_by_invoice_goes_to_the_order_with_its_invoice(
    client, alice, alice_quote, no_card
):
    # given
    client.force_login(alice)
    # when
    response = client.post(
        reverse("portal:quote_accept", args=[alice_quote.pk]), {"provider": "offline"}
    )
    # then
    order = Order.objects.get(quote=alice_quote)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:order", args=[order.pk])
    assert (order.amount, order.status, order.provider) == (
        Decimal("450.00"),
        OrderStatus.PENDING,
        "offline",
    )
    page = client.get(response["Location"]).content.decode()
    assert order.invoice.number in page
    assert f"Quoted work {alice_quote.number}" in page
    assert DESCRIPTION in page
    orders = client.get(reverse("portal:orders")).content.decode()
    assert f"Quoted work {alice_quote.number}" in orders
    pdf = client.get(reverse("portal:order_invoice_pdf", args=[order.pk]))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")


def test_accepting_by_card_goes_to_stripe(client, alice, alice_quote, settings):
    # given card payments
    use_stripe_test_keys(settings)
    client.force_login(alice)
    # when
    with fake_stripe() as stripe_api:
        response = client.post(
            reverse("portal:quote_accept", args=[alice_quote.pk]), {"provider": "stripe"}
        )
    # then
    assert response["Location"] == "https://checkout.stripe.test/c/pay/cs_test_fake_1"
    [seen] = stripe_api.requests
    assert seen.params["line_items[0][price_data][unit_amount]"] == "45000"


def test_accepting_without_a_method_is_refused_with_a_message(client, alice, alice_quote, no_card):
    client.force_login(alice)

    response = client.post(reverse("portal:quote_accept", args=[alice_quote.pk]), {})

    assert response["Location"] == reverse("portal:ticket", args=[alice_quote.ticket_id])
    assert flashes(response) == ["Choose how to pay."]
    assert not Order.objects.filter(quote=alice_quote).exists()


def test_declining_shows_the_quote_declined(client, alice, alice_quote):
    client.force_login(alice)

    response = client.post(reverse("portal:quote_decline", args=[alice_quote.pk]))

    assert response["Location"] == reverse("portal:ticket", args=[alice_quote.ticket_id])
    assert flashes(response) == [f"Quote {alice_quote.number} declined."]
    alice_quote.refresh_from_db()
    assert alice_quote.status == QuoteStatus.DECLINED


@pytest.mark.parametrize("name", ["portal:quote_accept", "portal:quote_decline"])
def test_bob_gets_404_for_alices_quote(client, bob, alice_quote, name, no_card):
    client.force_login(bob)

    response = client.post(reverse(name, args=[alice_quote.pk]), {"provider": "offline"})

    assert response.status_code == 404
    alice_quote.refresh_from_db()
    assert alice_quote.status == QuoteStatus.OFFERED
    assert not Order.objects.filter(quote=alice_quote).exists()
