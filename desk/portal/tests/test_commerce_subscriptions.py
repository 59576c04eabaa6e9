from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.billing.tests.factories import catalog_plan
from desk.entitlements import services as entitlement_services
from desk.entitlements.tests.factories import credits_for, subscription_for

SUBSCRIPTIONS = reverse("portal:subscriptions")


@pytest.fixture
def as_alice(client, alice, password):
    client.login(email=alice.email, password=password)
    return client


@pytest.fixture
def jan_31(monkeypatch):
    monkeypatch.setattr("desk.core.clock.now", lambda: datetime(2026, 1, 31, 9, 0, tzinfo=UTC))


def test_subscription_shows_store_plan_period_and_renew_link(as_alice, alice, jan_31):
    subscription = subscription_for(alice, "alice-shop.example", "subscription-1m")

    content = as_alice.get(SUBSCRIPTIONS).content.decode()

    assert "alice-shop.example" in content
    assert "Support subscription, 1 month" in content
    # 09:00 UTC is 10:00 in Alice's Europe/Berlin
    assert "Jan 31, 2026, 10:00\u202fAM" in content
    assert "Feb 28, 2026, 10:00\u202fAM" in content
    assert "Active" in content
    renew = reverse("portal:buy", args=["subscription-1m"])
    assert f'href="{renew}?store={subscription.store_id}"' in content


def test_expired_subscription_is_marked_expired(as_alice, alice, jan_31, monkeypatch):
    subscription_for(alice, "alice-shop.example", "subscription-1m")
    monkeypatch.setattr("desk.core.clock.now", lambda: datetime(2026, 3, 1, 9, 0, tzinfo=UTC))

    response = as_alice.get(SUBSCRIPTIONS)

    assert [active for _, active in response.context["subscriptions"]] == [False]
    assert "Expired" in response.content.decode()


def test_credits_show_balances_and_the_ledger(as_alice, alice):
    order = credits_for(alice, "urgent", 2)
    entitlement_services.consume_credit(customer=alice, priority="urgent", ticket_id=42)
    catalog_plan("incident-normal")

    response = as_alice.get(SUBSCRIPTIONS)

    summary = {c.priority: c.remaining for c in response.context["credits"]}
    assert summary == {"urgent": 1, "normal": 0}
    content = response.content.decode()
    assert order.number in content
    assert "+2" in content
    assert "-1" in content
    assert "REQ-000042" in content
    assert f'href="{reverse("portal:buy", args=["incident-normal"])}"' in content


def test_other_customers_subscriptions_and_credits_are_not_shown(as_alice, bob):
    subscription_for(bob, "bob-shop.example")
    credits_for(bob, "normal", 3)

    response = as_alice.get(SUBSCRIPTIONS)

    assert response.context["subscriptions"] == []
    assert list(response.context["entries"]) == []
    assert "bob-shop.example" not in response.content.decode()


def test_ledger_pager_keeps_the_subscriptions_page(as_alice, alice):
    for _ in range(26):
        credits_for(alice, "normal")
    response = as_alice.get(SUBSCRIPTIONS, {"ledger_page": 2})
    assert response.context["ledger_page"].number == 2
    assert len(response.context["entries"]) == 1
    assert 'href="?page=1&amp;ledger_page=1"' in response.content.decode()


def test_page_runs_a_fixed_number_of_queries(as_alice, alice, django_assert_num_queries):
    subscription_for(alice, "shop-0.example")
    credits_for(alice, "normal")
    with CaptureQueriesContext(connection) as one_row:
        assert as_alice.get(SUBSCRIPTIONS).status_code == 200
    for n in range(1, 30):
        priority = "urgent" if n % 2 else "normal"
        subscription_for(alice, f"shop-{n}.example", f"subscription-1{'y' if n % 2 else 'm'}")
        credits_for(alice, priority)
        entitlement_services.consume_credit(customer=alice, priority=priority, ticket_id=n)

    with django_assert_num_queries(len(one_row)):
        response = as_alice.get(SUBSCRIPTIONS)

    assert len(response.context["subscriptions"]) == 25
    assert len(response.context["entries"]) == 25
