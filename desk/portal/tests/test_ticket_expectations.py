"""The customer sees the guaranteed and the expected reply time when opening a request and on
the request page (Monday 10:00 Moscow; 2 engineers in Technical Support; no reply history yet,
so the policy's handling time of 30 working minutes per request)."""

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

    # then: 1 ahead and 2 engineers -> both answered in the first 30-minute round
    assert response.status_code == 200
    assert response.context["coverage"]["expectations"] == [
        Expectation(False, at_moscow(monday, 1, 10), at_moscow(monday, 0, 10, 30), 1),
        Expectation(True, at_moscow(monday, 0, 12), at_moscow(monday, 0, 10, 30), 1),
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
