"""A customer removes a store added by mistake: a confirmation page, then a POST; a store with a
subscription, a request or an order is refused with `store_has_history` and kept; only the
owner may (another customer's store is a 404)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from desk.billing.tests.factories import pending_order
from desk.core.errors import DeskError
from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.stores.models import Store
from desk.tickets import services as ticket_services
from desk.tickets.scope import Category

pytestmark = pytest.mark.usefixtures("media_root")


def remove_url(store: Store) -> str:
    return reverse("portal:store_remove", args=[store.pk])


@pytest.fixture
def mistake(alice) -> Store:
    return store_services.add_store(customer=alice, url="typo-shop.example")


def with_ticket(customer, store):
    paid_order(customer, "incident-normal")
    ticket_services.open_ticket(
        customer=customer,
        store=store,
        subject="Checkout",
        body="Broken.",
        category=Category.PHP_MYSQL,
        language="en",
    )


def test_the_stores_page_links_to_removal_and_the_confirmation_asks_first(client, alice, mistake):
    # given Alice's store without history
    client.force_login(alice)
    # when she opens her stores and follows the link
    stores_page = client.get(reverse("portal:stores")).content.decode()
    confirm = client.get(remove_url(mistake))
    # then the page asks for confirmation with a CSRF-protected POST form, nothing removed yet
    assert f'href="{remove_url(mistake)}"' in stores_page
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert f'<form method="post" action="{remove_url(mistake)}">' in html
    assert "csrfmiddlewaretoken" in html
    assert Store.objects.filter(pk=mistake.pk).exists()


def test_removing_a_store_without_history_deletes_it(client, alice, mistake):
    client.force_login(alice)
    # when she confirms
    response = client.post(remove_url(mistake), follow=True)
    # then the store is gone and the page says so
    assert response.redirect_chain == [(reverse("portal:stores"), 302)]
    assert not Store.objects.filter(pk=mistake.pk).exists()
    assert "Store typo-shop.example removed." in response.content.decode()
    # and the URL can be added again
    assert store_services.add_store(customer=alice, url="typo-shop.example").pk != mistake.pk


@pytest.mark.parametrize(
    ("history", "kinds"),
    [
        ("subscription", "orders, subscriptions"),
        ("ticket", "requests"),
        ("pending_order", "orders"),
    ],
)
def test_a_store_with_history_is_refused_and_kept(client, alice, mistake, history, kinds):
    # given a store with some history
    if history == "subscription":
        paid_order(alice, "subscription-1m", store=mistake)
    elif history == "ticket":
        with_ticket(alice, mistake)
    else:
        pending_order(alice, "subscription-1m", store=mistake)
    client.force_login(alice)
    # when she tries to remove it
    response = client.post(remove_url(mistake))
    # then it is refused with a stable code and the reason, and the store stays
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-error="store_has_history"' in html
    assert f"it has {kinds} on record" in html
    assert Store.objects.filter(pk=mistake.pk).exists()


def test_the_refusal_is_translated(client, bob):
    store = store_services.add_store(customer=bob, url="bob-typo.example")
    with_ticket(bob, store)
    client.force_login(bob)
    html = client.post(remove_url(store), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'data-error="store_has_history"' in html
    assert "Этот магазин нельзя удалить" in html
    assert Store.objects.filter(pk=store.pk).exists()


def test_the_service_refuses_with_the_code(alice, mistake):
    with_ticket(alice, mistake)
    with translation.override("en"), pytest.raises(DeskError) as caught:
        store_services.remove_store(store=mistake)
    assert caught.value.code == "store_has_history"
    assert Store.objects.filter(pk=mistake.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_customers_store_is_404(client, bob, mistake, method):
    client.force_login(bob)
    assert getattr(client, method)(remove_url(mistake)).status_code == 404
    assert Store.objects.filter(pk=mistake.pk).exists()


def test_signed_out_is_sent_to_sign_in(client, mistake):
    response = client.post(remove_url(mistake))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
    assert Store.objects.filter(pk=mistake.pk).exists()


def test_a_post_without_the_csrf_token_is_refused(alice, mistake):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(remove_url(mistake)).status_code == 403
    assert Store.objects.filter(pk=mistake.pk).exists()
