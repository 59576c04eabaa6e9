"""GET/POST /api/stores, GET /api/stores/{id}: own stores only, stable codes, fixed queries."""

from __future__ import annotations

from desk.stores import services as store_services
from desk.stores.models import Store
from desk.tickets.tests.builders import pay_order

# session + user, COUNT, page of stores (subscription and plan joined)
LIST_QUERIES = 4


def test_list_shows_own_stores_with_their_subscription(as_alice, alice, bob):
    # given
    covered = store_services.add_store(customer=alice, url="https://www.alice-shop.example/")
    pay_order(alice, "subscription-1m", store=covered)
    bare = store_services.add_store(customer=alice, url="alice-outlet.example")
    store_services.add_store(customer=bob, url="bob-shop.example")
    # when
    status, body = as_alice.get_json("/api/stores")
    # then
    assert status == 200
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    assert [store["canonical_url"] for store in body["items"]] == [
        "alice-outlet.example",
        "alice-shop.example",
    ]
    outlet, shop = body["items"]
    assert outlet["id"] == bare.pk
    assert outlet["subscription"] is None
    assert shop["subscription"]["plan_code"] == "subscription-1m"
    assert shop["subscription"]["is_active"] is True
    assert shop["created_at"].endswith("Z")


def test_add_store_answers_201_with_the_canonical_url(as_alice, alice):
    # when
    status, body = as_alice.post_json("/api/stores", {"url": "HTTPS://WWW.Alice-Shop.example/"})
    # then
    assert status == 201
    store = Store.objects.get(customer=alice)
    assert body["id"] == store.pk
    assert body["canonical_url"] == "alice-shop.example"
    assert body["subscription"] is None


def test_add_store_refusals_have_codes(as_alice, alice, bob):
    # given
    store_services.add_store(customer=bob, url="bob-shop.example")
    store_services.add_store(customer=alice, url="alice-shop.example")
    # when
    invalid = as_alice.post_json("/api/stores", {"url": "ftp://alice-shop.example"})
    taken = as_alice.post_json("/api/stores", {"url": "https://bob-shop.example/"})
    again = as_alice.post_json("/api/stores", {"url": "alice-shop.example"})
    # then
    assert invalid[0] == 400
    assert invalid[1] == {
        "code": "invalid_store_url",
        "message": "Only web addresses (http or https) can identify a store.",
    }
    assert (taken[0], taken[1]["code"]) == (409, "store_taken")
    assert (again[0], again[1]["code"]) == (409, "store_already_added")
    assert Store.objects.filter(customer=alice).count() == 1


# The message follows the viewer's language; the code stays the same for every client.
def test_foreign_store_is_not_found(as_bob, alice_store):
    # when
    status, body = as_bob.get_json(f"/api/stores/{alice_store.pk}")
    # then
    assert status == 404
    assert body == {"code": "store_not_found", "message": "Магазин не найден."}  # Bob reads Russian


def test_own_store_is_found(as_alice, alice_store):
    status, body = as_alice.get_json(f"/api/stores/{alice_store.pk}")

    assert status == 200
    assert body["canonical_url"] == "alice-shop.example"


def test_list_runs_a_fixed_number_of_queries(as_alice, alice, django_assert_num_queries):
    # given one store with a subscription
    first = store_services.add_store(customer=alice, url="shop-0.example")
    pay_order(alice, "subscription-1m", store=first)
    # when / then
    with django_assert_num_queries(LIST_QUERIES):
        assert as_alice.get_json("/api/stores", page_size=100)[1]["count"] == 1
    # given thirty
    for number in range(1, 30):
        store = store_services.add_store(customer=alice, url=f"shop-{number}.example")
        pay_order(alice, "subscription-1m", store=store)
    # when / then
    with django_assert_num_queries(LIST_QUERIES):
        status, body = as_alice.get_json("/api/stores", page_size=100)
    assert status == 200
    assert len(body["items"]) == 30
