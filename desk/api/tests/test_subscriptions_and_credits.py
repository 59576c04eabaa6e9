"""GET /api/subscriptions, /api/credits, /api/credits/entries: own rows only, fixed queries."""

from __future__ import annotations

from desk.entitlements.models import CreditReason
from desk.stores import services as store_services
from desk.tickets.tests.builders import pay_order

# session + user, COUNT, one page (related rows joined)
LIST_QUERIES = 4


def test_subscriptions_lists_own_with_store_and_plan(
    as_alice, alice_subscription, bob_subscription
):
    # when
    status, body = as_alice.get_json("/api/subscriptions")
    # then
    assert status == 200
    assert body["count"] == 1
    [row] = body["items"]
    assert row["id"] == alice_subscription.pk
    assert row["store_id"] == alice_subscription.store_id
    assert row["store_url"] == "alice-shop.example"
    assert row["plan_code"] == "subscription-1m"
    assert row["is_active"] is True
    assert row["ends_at"].endswith("Z")


def test_credits_are_the_balances_per_priority(as_alice, alice, bob):
    # given
    pay_order(alice, "incident-normal", quantity=3)
    pay_order(alice, "incident-urgent")
    pay_order(bob, "incident-urgent", quantity=5)
    # when
    status, body = as_alice.get_json("/api/credits")
    # then
    assert (status, body) == (200, {"urgent": 1, "normal": 3})


def test_credits_of_a_new_customer_are_zero(as_bob):
    assert as_bob.get_json("/api/credits") == (200, {"urgent": 0, "normal": 0})


def test_ledger_lists_own_entries_newest_first(as_alice, alice, bob, clock):
    # given
    normal = pay_order(alice, "incident-normal", quantity=2)
    clock.advance(minutes=1)
    pay_order(alice, "incident-urgent")
    pay_order(bob, "incident-urgent")
    # when
    status, body = as_alice.get_json("/api/credits/entries")
    # then
    assert status == 200
    assert body["count"] == 2
    latest, first = body["items"]
    assert (latest["priority"], latest["delta"]) == ("urgent", 1)
    assert first["priority"] == "normal"
    assert first["delta"] == 2
    assert first["reason"] == CreditReason.PURCHASE
    assert first["order_number"] == normal.number
    assert first["ticket_id"] is None


def test_subscriptions_list_runs_a_fixed_number_of_queries(
    as_alice, alice, django_assert_num_queries
):
    # given
    def subscribe(number: int) -> None:
        store = store_services.add_store(customer=alice, url=f"shop-{number}.example")
        pay_order(alice, "subscription-1y", store=store)

    subscribe(0)
    with django_assert_num_queries(LIST_QUERIES):
        assert as_alice.get_json("/api/subscriptions", page_size=100)[1]["count"] == 1
    for number in range(1, 30):
        subscribe(number)
    # when
    with django_assert_num_queries(LIST_QUERIES):
        status, body = as_alice.get_json("/api/subscriptions", page_size=100)
    # then
    assert (status, len(body["items"])) == (200, 30)


def test_ledger_runs_a_fixed_number_of_queries(as_alice, alice, django_assert_num_queries):
    # given
    pay_order(alice, "incident-normal")
    with django_assert_num_queries(LIST_QUERIES):
        assert as_alice.get_json("/api/credits/entries", page_size=100)[1]["count"] == 1
    for _ in range(29):
        pay_order(alice, "incident-normal")
    # when
    with django_assert_num_queries(LIST_QUERIES):
        status, body = as_alice.get_json("/api/credits/entries", page_size=100)
    # then
    assert (status, len(body["items"])) == (200, 30)
    assert all(entry["order_number"].startswith("SD-") for entry in body["items"])
