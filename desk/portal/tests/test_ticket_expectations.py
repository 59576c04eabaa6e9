"""The customer sees the guaranteed and the expected reply time when opening a request and on
the request page (Monday 10:00 Moscow; 2 engineers in Technical Support, one of them speaking
English; no reply history yet, so the policy's handling time of 30 working minutes per request).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.stores import services as store_services
from desk.tickets.clock.expectations import Expectation
from desk.tickets.tests.builders import (
    at_moscow,
    next_moscow,
    open_request,
    pay_order,
)

MONDAY = 0


@pytest.fixture
def store(alice):
    shop = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=shop)
    return shop


def test_coverage_shows_guarantee_and_expectation_for_common_and_hotrush(
    client, alice, store, engineer_en, engineer_ru, clock
):
    # given: one Hotrush already waiting, due 11:00 (ahead of both)
    monday = clock.current = next_moscow(MONDAY, 9)
    open_request(alice, store, is_hotrush=True)
    clock.current = at_moscow(monday, 0, 10)
    client.force_login(alice)

    # when
    response = client.get(reverse("portal:ticket_coverage"), {"store": store.pk})

    # then: 1 ahead and 1 engineer speaking English on shift (Roman answers Russian only) ->
    # answered in the second 30-minute round
    assert response.status_code == 200
    assert response.context["coverage"]["expectations"] == [
        Expectation(False, at_moscow(monday, 1, 10), at_moscow(monday, 0, 11), 1),
        Expectation(True, at_moscow(monday, 0, 12), at_moscow(monday, 0, 11), 1),
    ]
    content = response.content.decode()
    assert 'data-expectation="common"' in content
    assert 'data-expectation="hotrush"' in content


def test_request_page_shows_the_expectation_while_a_reply_is_owed(
    client, alice, store, engineer_en, engineer_ru, clock
):
    # given
    monday = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, store, is_hotrush=True)
    client.force_login(alice)

    # when
    response = client.get(reverse("portal:ticket", args=[ticket.pk]))

    # then: nothing ahead: the handling time, 30 minutes
    assert response.context["expectation"] == Expectation(
        True, at_moscow(monday, 0, 12), at_moscow(monday, 0, 10, 30), 0
    )
    assert "data-expectation" in response.content.decode()


FRIDAY = 4


def test_a_customer_writing_while_support_is_closed_is_told_when_it_opens(
    client, alice, store, engineer_en, clock
):
    # given: Friday 04:02 Moscow (support opens 06:00); Alice reads Berlin time (UTC+1 in
    # winter, two hours behind Moscow)
    friday = clock.current = next_moscow(FRIDAY, 4, 2)
    client.force_login(alice)

    # when
    form = client.get(reverse("portal:ticket_coverage"), {"store": store.pk, "language": "en"})
    ticket = open_request(alice, store)
    page = client.get(reverse("portal:ticket", args=[ticket.pk]))

    # then: never expected before the opening, and the page says so in both zones
    common = form.context["coverage"]["expectations"][0]
    assert (common.opens_at, common.expected) == (
        at_moscow(friday, 0, 6),
        at_moscow(friday, 0, 6, 30),
    )
    notice = "Support is closed now; it opens Fri 6:00 AM Moscow time = Fri 4:00 AM your time."
    assert notice in form.content.decode()
    assert notice in page.content.decode()


def test_the_closed_notice_in_russian(client, bob, engineer_ru, clock):
    # given: Bob reads Yekaterinburg time (UTC+5, two hours ahead of Moscow), in Russian
    shop = store_services.add_store(customer=bob, url="bob-shop.example")
    pay_order(bob, "subscription-1m", store=shop)
    clock.current = next_moscow(FRIDAY, 4, 2)
    client.force_login(bob)

    # when
    response = client.get(reverse("portal:ticket_coverage"), {"store": shop.pk})

    # then
    assert (
        "Поддержка сейчас закрыта; откроется пт 06:00 (Москва) = пт 08:00 по вашему времени."
        in response.content.decode()
    )
