"""The answer to opening a request is built from the objects the service created, without
reloading them: it must say exactly what reading the request back says."""

from __future__ import annotations

import pytest

from desk.tickets.scope import Category


@pytest.mark.parametrize("routed", [False, True])
def test_the_answer_equals_the_request_read_back(
    as_alice, alice_store, alice_subscription, engineer_en, settings, clock, routed
):
    # given routing on or off (an assignee in the answer, or none); the clock stands still (the
    # expected reply time is counted from now)
    settings.DESK_ROUTING_ENABLED = routed
    new = {
        "subject": "Checkout shows a PHP warning",
        "body": "Since yesterday the checkout page shows 'Undefined index'.",
        "category": Category.PHP_MYSQL,
        "store_id": alice_store.pk,
    }

    # when
    status, opened = as_alice.post_json("/api/tickets", new)

    # then
    assert status == 201
    status, read = as_alice.get_json(f"/api/tickets/{opened['id']}")
    assert (status, read) == (200, opened)
