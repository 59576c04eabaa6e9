"""Portal: server access details with a new installation request, or later on its own page; the
customer never sees them again, only when they were given."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.stores import services as store_services
from desk.tickets import server_access
from desk.tickets.models import ServerAccess, Ticket
from desk.tickets.scope import Category
from desk.tickets.tests.builders import open_request, pay_order

SECRET = "PLAINTEXT-PASSWORD-9d2c"


@pytest.fixture
def store(alice):
    store = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=store)
    return store


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def new_request(store, category="installation", **access):
    data = {
        "store": str(store.pk),
        "subject": "Install the shop",
        "body": "Please install the latest version.",
        "category": category,
        "language": "en",
    }
    return {**data, **{f"access-{k}": v for k, v in access.items()}}


ACCESS = {"host": "203.0.113.7", "protocol": "ssh", "username": "root", "secret": SECRET}


def test_new_request_form_shows_the_server_access_fieldset(signed_in, store):
    # given Alice's subscribed store
    # when Alice opens the new-request form
    response = signed_in.get(reverse("portal:ticket_new"))
    # then it holds the optional server access fieldset
    assert response.status_code == 200
    assert b"Server access (for installation)" in response.content
    assert b'name="access-secret"' in response.content


def test_installation_request_with_server_access(signed_in, store):
    # given the form filled in with server access
    # when Alice sends it
    response = signed_in.post(reverse("portal:ticket_new"), new_request(store, **ACCESS))
    # then the request is open with the details stored encrypted, and its page shows only when
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ServerAccess.objects.filter(ticket=ticket).count() == 1
    page = signed_in.get(reverse("portal:ticket", kwargs={"ticket_id": ticket.pk}))
    assert b"Provided on" in page.content
    assert SECRET.encode() not in page.content


def test_installation_request_without_server_access(signed_in, store):
    # when Alice sends an installation request with the fieldset empty
    response = signed_in.post(reverse("portal:ticket_new"), new_request(store, protocol="ssh"))
    # then it is opened without details
    assert response.status_code == 302
    assert ServerAccess.objects.count() == 0


def test_server_access_on_another_category_is_refused(signed_in, store):
    # when Alice sends server access with a configuration request
    data = new_request(store, category="configuration", **ACCESS)
    response = signed_in.post(reverse("portal:ticket_new"), data)
    # then the form is shown again with the reason, nothing is stored, the secret not echoed
    assert response.status_code == 400
    assert b'data-error-code="server_access_not_applicable"' in response.content
    assert SECRET.encode() not in response.content
    assert (Ticket.objects.count(), ServerAccess.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    "access",
    [
        {**ACCESS, "host": "x" * 501},
        {**ACCESS, "secret": "a\x00b"},
        {**ACCESS, "username": "root\x1b[2J"},
        {**ACCESS, "protocol": "telnet"},
        {"secret": SECRET},
    ],
    ids=["long host", "NUL secret", "escape in user name", "protocol", "no host"],
)
def test_bad_server_access_refuses_the_whole_request(signed_in, store, access):
    # when Alice sends an installation request with spoilt server access
    response = signed_in.post(reverse("portal:ticket_new"), new_request(store, **access))
    # then the form comes back with an error, and nothing is stored
    assert response.status_code == 400
    assert b'class="errorlist"' in response.content
    assert SECRET.encode() not in response.content
    assert (Ticket.objects.count(), ServerAccess.objects.count()) == (0, 0)


def test_customer_replaces_details_on_the_request_page(signed_in, alice, store):
    # given Alice's installation request with details
    ticket = open_request(alice, store, category=Category.INSTALLATION)
    server_access.attach_server_access(ticket=ticket, customer=alice, details=ACCESS)
    url = reverse("portal:ticket_server_access", kwargs={"ticket_id": ticket.pk})
    # when she opens the page, then sends new details
    page = signed_in.get(url)
    response = signed_in.post(url, {**ACCESS, "secret": "second-secret"})
    # then the page showed when, not what, and the new details are stored
    assert b"Provided on" in page.content
    assert SECRET.encode() not in page.content
    assert "no-store" in page["Cache-Control"]
    assert response.status_code == 302
    assert server_access.provided_at(ticket) is not None


def test_page_refuses_bad_input_and_keeps_the_old_details(signed_in, alice, store):
    # given Alice's installation request with details
    ticket = open_request(alice, store, category=Category.INSTALLATION)
    stored = server_access.attach_server_access(ticket=ticket, customer=alice, details=ACCESS)
    url = reverse("portal:ticket_server_access", kwargs={"ticket_id": ticket.pk})
    # when she sends spoilt details
    response = signed_in.post(url, {**ACCESS, "host": "", "secret": "new\x00"})
    # then the form comes back, the typed secret not echoed, the old details untouched
    assert response.status_code == 400
    assert b"new" not in response.content.split(b"access-secret")[-1][:200]
    assert bytes(ServerAccess.objects.get().ciphertext) == bytes(stored.ciphertext)


@pytest.mark.parametrize("who", ["bob", "engineer"])
def test_page_is_404_to_others(who, client, alice, store, bob, engineer_en):
    # given Alice's installation request
    ticket = open_request(alice, store, category=Category.INSTALLATION)
    client.force_login(bob if who == "bob" else engineer_en.user)
    url = reverse("portal:ticket_server_access", kwargs={"ticket_id": ticket.pk})
    # when someone else opens or posts it / then 404, nothing stored
    assert client.get(url).status_code == 404
    assert client.post(url, ACCESS).status_code == 404
    assert ServerAccess.objects.count() == 0


def test_page_is_404_for_other_categories(signed_in, alice, store):
    # given Alice's request about PHP
    ticket = open_request(alice, store)
    url = reverse("portal:ticket_server_access", kwargs={"ticket_id": ticket.pk})
    # when she opens the page / then it does not exist for it
    assert signed_in.get(url).status_code == 404
