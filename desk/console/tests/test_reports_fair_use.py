"""Fair use: flagged subscriptions with their usage, the heaviest users, and clearing a flag."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from desk.entitlements.models import Subscription, SubscriptionEvent, SubscriptionEventKind
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.tests.builders import open_request, pay_order


@pytest.fixture
def thresholds(settings):
    settings.DESK_FAIR_USE_WINDOW_DAYS = 30
    settings.DESK_FAIR_USE_MAX_REQUESTS = 2
    settings.DESK_FAIR_USE_MAX_REPLIES = 3


@pytest.fixture
def usage(alice, bob, engineer_en, thresholds, clock) -> dict[str, Subscription]:
    """Alice opens three requests (flagged: over 2); Bob one, answered twice (not flagged)."""
    alice_shop = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=alice_shop)
    bob_shop = store_services.add_store(customer=bob, url="bob-shop.example")
    pay_order(bob, "subscription-1y", store=bob_shop)
    clock.advance(hours=1)
    for n in range(3):
        open_request(alice, alice_shop, subject=f"Alice {n}")
    bobs = open_request(bob, bob_shop, subject="Bob")
    services.reply(ticket=bobs, engineer=engineer_en, body="Try this")
    services.add_customer_message(ticket=bobs, author=bob, body="No luck")
    services.reply(ticket=bobs, engineer=engineer_en, body="And this")
    clock.advance(hours=1)
    return {
        "alice": Subscription.objects.get(store=alice_shop),
        "bob": Subscription.objects.get(store=bob_shop),
    }


def _rows(rows):
    return [(str(row.subscription.store), row.requests, row.replies) for row in rows]


def test_flagged_subscriptions_and_heaviest_usage(client, engineer_en, usage):
    # given
    client.force_login(engineer_en.user)

    # when
    response = client.get(reverse("console:fair_use"))

    # then
    assert response.status_code == 200
    report = response.context["report"]
    assert _rows(report.flagged) == [("alice-shop.example", 3, 0)]
    assert report.flagged[0].requests_over
    assert _rows(report.top) == [("alice-shop.example", 3, 0), ("bob-shop.example", 1, 2)]
    assert [row.percent_of_allowance for row in report.top] == [150, 66]
    content = response.content.decode()
    assert reverse("console:fair_use_clear", args=[usage["alice"].pk]) in content
    assert "alice@example.com" in content


def test_usage_older_than_the_window_is_not_counted(client, engineer_en, usage, clock):
    # given a month and a day later
    client.force_login(engineer_en.user)
    clock.advance(days=31)

    report = client.get(reverse("console:fair_use")).context["report"]

    # then the flag still waits for review, with no usage left in the window
    assert _rows(report.flagged) == [("alice-shop.example", 0, 0)]
    assert report.top == []


def test_clearing_a_flag_accepts_the_usage(client, engineer_en, usage):
    # given
    client.force_login(engineer_en.user)
    alice_sub = usage["alice"]

    # when
    response = client.post(
        reverse("console:fair_use_clear", args=[alice_sub.pk]), {"note": "Launch month"}
    )

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("console:fair_use")
    alice_sub.refresh_from_db()
    assert alice_sub.fair_use_flagged_at is None
    event = SubscriptionEvent.objects.get(
        subscription=alice_sub, kind=SubscriptionEventKind.FAIR_USE_CLEARED
    )
    assert event.data == {"by": engineer_en.user.pk, "note": "Launch month"}
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Fair-use flag cleared: the usage is accepted."
    ]


def test_clearing_twice_changes_nothing_the_second_time(client, engineer_en, usage):
    client.force_login(engineer_en.user)
    url = reverse("console:fair_use_clear", args=[usage["alice"].pk])
    client.post(url)

    response = client.post(url)

    assert response.status_code == 302
    assert (
        SubscriptionEvent.objects.filter(kind=SubscriptionEventKind.FAIR_USE_CLEARED).count() == 1
    )
    assert "This subscription was not flagged (any more)." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_only_engineers_clear_flags(client, usage, who):
    # given
    if who == "customer":
        client.force_login(usage["alice"].customer)
    url = reverse("console:fair_use_clear", args=[usage["alice"].pk])

    # when
    response = client.post(url)

    # then nothing changed
    assert response.status_code == 404
    usage["alice"].refresh_from_db()
    assert usage["alice"].fair_use_flagged_at is not None
    assert not SubscriptionEvent.objects.filter(
        kind=SubscriptionEventKind.FAIR_USE_CLEARED
    ).exists()


def test_clearing_needs_a_post_and_an_existing_subscription(client, engineer_en, usage):
    client.force_login(engineer_en.user)

    assert (
        client.get(reverse("console:fair_use_clear", args=[usage["alice"].pk])).status_code == 405
    )
    assert client.post(reverse("console:fair_use_clear", args=[999999])).status_code == 404


def test_clearing_is_refused_without_the_csrf_token(engineer_en, usage):
    client = Client(enforce_csrf_checks=True)
    client.force_login(engineer_en.user)

    response = client.post(reverse("console:fair_use_clear", args=[usage["alice"].pk]))

    assert response.status_code == 403
    usage["alice"].refresh_from_db()
    assert usage["alice"].fair_use_flagged_at is not None


@pytest.mark.parametrize("with_usage", [False, True])
def test_the_page_runs_a_fixed_number_of_queries(
    client, engineer_en, thresholds, request, with_usage, django_assert_num_queries
):
    if with_usage:
        request.getfixturevalue("usage")
    client.force_login(engineer_en.user)

    # session, user with engineer; flagged with their usage, heaviest with theirs
    with django_assert_num_queries(4):
        client.get(reverse("console:fair_use"))


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_the_page_is_404_for_everyone_but_engineers(client, alice, who):
    if who == "customer":
        client.force_login(alice)

    assert client.get(reverse("console:fair_use")).status_code == 404
