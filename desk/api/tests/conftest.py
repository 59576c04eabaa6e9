"""API test fixtures: signed-in JSON clients per persona, and the request data of tickets tests."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from desk.api.tests.documented import assert_answer_documented

# Reused as they are: stores, subscriptions, credits and requests built through services, and a
# media directory per test.
from desk.tickets.tests.conftest import (  # noqa: F401
    _own_media_root,
    alice_credits,
    alice_incident,
    alice_normal_credit,
    alice_second_store,
    alice_store,
    alice_subscription,
    alice_ticket,
    alice_urgent_credit,
    bob_store,
    bob_subscription,
    engineer_inactive,
    row_counts,
)


class ApiClient(Client):
    """A test client that sends and reads JSON. CSRF is not enforced (as Django's default test
    client); `test_auth.py` checks that a real session without the token is refused."""

    def request(self, **request: Any) -> Any:
        response = super().request(**request)
        assert_answer_documented(request["REQUEST_METHOD"], request["PATH_INFO"], response)
        return response

    def get_json(self, path: str, **params: Any) -> tuple[int, Any]:
        response = self.get(path, params)
        return response.status_code, response.json()

    def post_json(self, path: str, data: Any = None) -> tuple[int, Any]:
        body = json.dumps(data if data is not None else {})
        response = self.post(path, body, content_type="application/json")
        return response.status_code, response.json()


def signed_in(user) -> ApiClient:
    client = ApiClient()
    client.force_login(user)
    return client


@pytest.fixture
def anonymous() -> ApiClient:
    return ApiClient()


@pytest.fixture
def as_alice(alice) -> ApiClient:
    return signed_in(alice)


@pytest.fixture
def as_bob(bob) -> ApiClient:
    return signed_in(bob)


@pytest.fixture
def as_engineer(engineer_en) -> ApiClient:
    return signed_in(engineer_en.user)


@pytest.fixture
def as_admin(staff_admin) -> ApiClient:
    return signed_in(staff_admin)
