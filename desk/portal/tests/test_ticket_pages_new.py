"""Portal: opening a request, and the coverage fragment beside the form."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from desk.entitlements.selectors import credit_balances
from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.tickets.models import Attachment, Message, Status, Ticket

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def bare_store(alice):
    """A store of Alice's without any support."""
    return store_services.add_store(customer=alice, url="alice-shop.example")


@pytest.fixture
def subscribed_store(alice, bare_store):
    paid_order(alice, "subscription-1m", store=bare_store)
    return bare_store


def form_data(store, **overrides):
    data = {
        "store": str(store.pk),
        "subject": "Shipping rates are wrong",
        "body": "Rates to Germany show zero.",
        "category": "configuration",
        "language": "en",
    }
    data.update(overrides)
    return data


def test_new_request_page_needs_sign_in(client):
    # when
    response = client.get(reverse("portal:ticket_new"))
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_without_stores_the_page_points_to_adding_one(client, alice):
    # given
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket_new"))
    # then
    assert response.status_code == 200
    assert f'href="{reverse("portal:stores")}"'.encode() in response.content
    assert b'name="subject"' not in response.content


def test_form_defaults_to_the_customers_language_and_shows_coverage(client, bob):
    # given
    store = store_services.add_store(customer=bob, url="bob-shop.example")
    paid_order(bob, "subscription-1m", store=store)
    client.force_login(bob)
    # when
    response = client.get(reverse("portal:ticket_new"))
    # then
    assert response.context["form"]["language"].value() == "ru"
    assert b'data-coverage="subscription"' in response.content
    assert f'hx-get="{reverse("portal:ticket_coverage")}"'.encode() in response.content
    assert f'href="{reverse("portal:scope")}"'.encode() in response.content


def test_open_request_on_subscription_redirects_to_it(client, alice, subscribed_store):
    # given
    client.force_login(alice)
    files = [
        SimpleUploadedFile("a.txt", b"first", content_type="text/plain"),
        SimpleUploadedFile("b.png", b"\x89PNG", content_type="image/png"),
    ]
    # when
    response = client.post(
        reverse("portal:ticket_new"),
        form_data(subscribed_store, is_hotrush="on", attachments=files),
    )
    # then
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:ticket", args=[ticket.pk])
    assert (ticket.subject, ticket.is_hotrush, ticket.status) == (
        "Shipping rates are wrong",
        True,
        Status.NEW,
    )
    assert ticket.entitlement_kind == "subscription"
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == ["a.txt", "b.png"]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Your request {ticket.reference} is open. We will reply here and by email."
    ]


def test_without_entitlement_buy_links_are_shown_and_nothing_is_created(client, alice, bare_store):
    # given
    client.force_login(alice)
    # when
    response = client.post(reverse("portal:ticket_new"), form_data(bare_store))
    # then
    assert response.status_code == 402
    content = response.content.decode()
    assert 'data-error-code="no_entitlement"' in content
    buy_subscription = reverse("portal:buy", args=["subscription-1m"])
    assert f'href="{buy_subscription}?store={bare_store.pk}"' in content
    for code in ("incident-normal", "incident-urgent"):
        assert f'href="{reverse("portal:buy", args=[code])}"' in content
    assert f'href="{reverse("portal:pricing")}"' in content
    # the input is kept
    assert 'value="Shipping rates are wrong"' in content
    assert "Rates to Germany show zero." in content
    assert Ticket.objects.count() == 0
    assert Message.objects.count() == 0


def test_hotrush_on_a_normal_credit_is_refused_and_spends_nothing(client, alice, bare_store):
    # given
    paid_order(alice, "incident-normal")
    client.force_login(alice)
    # when
    response = client.post(reverse("portal:ticket_new"), form_data(bare_store, is_hotrush="on"))
    # then
    assert response.status_code == 400
    assert b'data-error-code="hotrush_not_allowed"' in response.content
    assert Ticket.objects.count() == 0
    assert credit_balances(alice) == {"normal": 1, "urgent": 0}


def test_chosen_credit_is_used(client, alice, bare_store):
    # given
    paid_order(alice, "incident-normal")
    paid_order(alice, "incident-urgent")
    client.force_login(alice)
    # when
    client.post(reverse("portal:ticket_new"), form_data(bare_store, credit_priority="urgent"))
    # then
    ticket = Ticket.objects.get()
    assert (ticket.entitlement_kind, ticket.credit_priority) == ("incident", "urgent")
    assert credit_balances(alice) == {"normal": 1, "urgent": 0}


def test_invalid_form_keeps_input_and_creates_nothing(client, alice, subscribed_store):
    # given
    client.force_login(alice)
    # when
    response = client.post(reverse("portal:ticket_new"), form_data(subscribed_store, subject=""))
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {"subject": ["This field is required."]}
    assert b"Rates to Germany show zero." in response.content
    assert Ticket.objects.count() == 0


def test_foreign_store_is_not_a_valid_choice(client, alice, bob):
    # given
    bob_store = store_services.add_store(customer=bob, url="bob-shop.example")
    paid_order(bob, "subscription-1m", store=bob_store)
    store_services.add_store(customer=alice, url="alice-shop.example")
    client.force_login(alice)
    # when
    response = client.post(reverse("portal:ticket_new"), form_data(bob_store))
    # then
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["store"]
    assert Ticket.objects.count() == 0


# --- coverage fragment -------------------------------------------------------------------


def test_coverage_of_a_subscribed_store(client, alice, subscribed_store):
    # given
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket_coverage"), {"store": subscribed_store.pk})
    # then
    assert response.status_code == 200
    assert b'data-coverage="subscription"' in response.content
    assert b"<html" not in response.content


def test_coverage_offers_a_credit_choice_when_both_kinds_are_held(client, alice, bare_store):
    # given
    paid_order(alice, "incident-normal")
    paid_order(alice, "incident-urgent")
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket_coverage"), {"store": bare_store.pk})
    # then
    content = response.content.decode()
    assert 'data-coverage="incident"' in content
    assert content.count('name="credit_priority"') == 3


def test_coverage_without_support_offers_to_buy(client, alice, bare_store):
    # given
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket_coverage"), {"store": bare_store.pk})
    # then
    content = response.content.decode()
    assert 'data-coverage="none"' in content
    assert f'href="{reverse("portal:buy", args=["subscription-1m"])}' in content


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_coverage_of_unknown_store_is_404(client, alice, value):
    # given
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket_coverage"), {"store": value})
    # then
    assert response.status_code == 404


def test_coverage_of_foreign_store_is_404(client, alice, bob):
    # given
    bob_store = store_services.add_store(customer=bob, url="bob-shop.example")
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket_coverage"), {"store": bob_store.pk})
    # then
    assert response.status_code == 404
