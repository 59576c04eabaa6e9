"""Every bad input gets a JSON answer with a stable code, never a 500 or an HTML page."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from desk.api.tests.conftest import ApiClient
from desk.stores.models import Store


def answer(response) -> tuple[int, str]:
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, response.json()["code"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/stores"),
        ("post", "/api/stores"),
        ("get", "/api/orders/1"),
        ("get", "/api/tickets"),
        ("post", "/api/tickets/1/messages"),
        ("get", "/api/credits"),
    ],
)
def test_anonymous_calls_are_unauthenticated(anonymous, method, path):
    response = getattr(anonymous, method)(path)

    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "message": "Sign in first."}


def test_catalog_is_public(anonymous, db):
    status, body = anonymous.get_json("/api/catalog/plans")

    assert status == 200
    assert [plan["code"] for plan in body["items"]] == [
        "subscription-1y",
        "subscription-1m",
        "incident-urgent",
        "incident-normal",
    ]
    assert (body["items"][0]["price"], body["items"][0]["currency"]) == ("990.00", "USD")


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b'{"url": ', b"\xff\xfe\x00", b"[" * 100_000],
)
def test_malformed_json_is_a_bad_request(as_alice, raw):
    # when
    response = as_alice.post("/api/stores", raw, content_type="application/json")
    # then
    assert answer(response) == (400, "malformed_request")
    assert not Store.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        b"[]",
        b'"alice-shop.example"',
        b"null",
        b"42",
        b'{"url": 42}',
        b'{"url": ["a"]}',
        b'{"url": null}',
        b'{"address": "alice-shop.example"}',
        b'{"url": "' + b"a" * 2_001 + b'"}',
    ],
)
def test_wrong_shapes_and_types_are_invalid_input(as_alice, payload):
    # when
    response = as_alice.post("/api/stores", payload, content_type="application/json")
    # then
    assert answer(response) == (422, "invalid_input")
    body = response.json()
    assert body["message"] == "The request is not valid."
    assert isinstance(body["errors"], list)
    assert body["errors"]
    assert not Store.objects.exists()


def test_a_body_over_the_upload_limit_is_too_large(as_alice, settings):
    # given
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    # when
    response = as_alice.post(
        "/api/stores", b'{"url": "' + b"a" * 2_000 + b'"}', content_type="application/json"
    )
    # then
    assert answer(response) == (413, "request_too_large")


@pytest.mark.parametrize(
    "path",
    [
        "/api/tickets/0",
        "/api/tickets/-1",
        "/api/tickets/99999999999999999999",
        "/api/tickets/9223372036854775808",
        "/api/stores/-9223372036854775809",
        "/api/orders/99999999999999999999",
        "/api/tickets/99999999999999999999/messages",
    ],
)
def test_impossible_ids_are_not_found(as_alice, path):
    assert answer(as_alice.get(path))[0] == 404


@pytest.mark.parametrize(
    "path", ["/api/tickets/abc", "/api/tickets/1.5", "/api/orders/1e3", "/api/stores/%00"]
)
def test_ids_that_are_not_integers_are_invalid_input(as_alice, path):
    assert answer(as_alice.get(path)) == (422, "invalid_input")


def test_posts_to_impossible_ids_are_not_found(as_alice):
    response = as_alice.post(
        "/api/tickets/99999999999999999999/messages",
        b'{"body": "Hi"}',
        content_type="application/json",
    )

    assert answer(response) == (404, "ticket_not_found")


@pytest.mark.parametrize(
    "params",
    [{"page": 0}, {"page": -1}, {"page": "two"}, {"page": 10**30}, {"page_size": 0}],
)
def test_bad_page_parameters_are_invalid_input(as_alice, params):
    assert answer(as_alice.get("/api/stores", params)) == (422, "invalid_input")


def test_a_page_past_the_end_is_empty(as_alice, alice_store):
    status, body = as_alice.get_json("/api/stores", page=100_000)

    assert status == 200
    assert body == {
        "items": [],
        "count": 1,
        "count_is_exact": True,
        "page": 100_000,
        "pages": 1,
        "next_cursor": None,
    }


@pytest.mark.parametrize("path", ["/api/nothing-here", "/api/tickets/1/nothing", "/api/"])
def test_unknown_paths_are_not_found_as_json(as_alice, anonymous, path):
    assert answer(as_alice.get(path)) == (404, "not_found")
    assert answer(anonymous.post(path)) == (404, "not_found")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/api/stores", "GET, POST"),
        ("put", "/api/tickets/1", "GET"),
        ("get", "/api/tickets/1/status", "POST"),
        ("patch", "/api/console/orders/1/mark-paid", "POST"),
    ],
)
def test_unsupported_methods_are_refused_as_json(as_alice, method, path, allowed):
    # when
    response = getattr(as_alice, method)(path)
    # then
    assert answer(response) == (405, "method_not_allowed")
    assert sorted(response["Allow"].split(", ")) == allowed.split(", ")


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/stores"), ("post", "/api/stores"), ("get", "/api/catalog/plans")],
)
def test_a_lost_database_is_a_documented_503(alice, monkeypatch, method, path):
    # given the database is gone (what the first query of any endpoint meets in an outage)
    client = ApiClient(raise_request_exception=False)
    client.force_login(alice)

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    # when (ApiClient checks that the schema documents the answer)
    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", unreachable)
        if method == "get":
            response = client.get(path)
        else:
            response = client.post(path, "{}", content_type="application/json")
    # then
    assert answer(response) == (503, "service_unavailable")
    assert response["Retry-After"] == "30"
