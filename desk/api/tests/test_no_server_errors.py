"""No input gives a 500: every endpoint, every field, a list of hostile values.

Django's test client re-raises a view's exception, so a server error fails the test loudly.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from desk.api.tests.conftest import ApiClient, signed_in
from desk.calls.models import Call

HOSTILE: list[Any] = [
    None,
    True,
    -1,
    0,
    10**30,
    -(10**30),
    1.5,
    "",
    " ",
    "\x00",
    "a\x00b",
    "١٢",
    "x" * 200_000,
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "http://[::1",
    "http://exa mple.com",
    "http://example.com:99999999999999999999/",
    "http://" + "a" * 300 + ".com",
    "https://bugs.example/\x00",
    "javascript:alert(1)",
    "\ud800",
    [],
    {},
    {"$gt": ""},
]

# endpoint -> a valid payload; each field is replaced by each hostile value in turn
CUSTOMER_POSTS: dict[str, dict[str, Any]] = {
    "/api/stores": {"url": "alice-shop.example"},
    "/api/orders": {"plan_code": "subscription-1m", "store_id": "{store}", "quantity": 1},
    "/api/tickets": {
        "store_id": "{store}",
        "subject": "Subject",
        "body": "Body",
        "category": "troubleshooting",
        "language": "en",
        "is_hotrush": False,
        "credit_priority": "normal",
    },
    "/api/tickets/{ticket}/messages": {"body": "Body"},
    "/api/tickets/{ticket}/status": {"status": "resolved"},
    "/api/tickets/{ticket}/calls": {
        "handle_kind": "skype",
        "handle": "alice.archer",
        "duration_minutes": 30,
        "windows": ["2030-01-07T10:00:00+03:00"],
    },
}
CONSOLE_POSTS: dict[str, dict[str, Any]] = {
    "/api/console/tickets/{ticket}/reply": {"body": "Body", "status": "waiting"},
    "/api/console/tickets/{ticket}/note": {"body": "Body"},
    "/api/console/tickets/{ticket}/status": {"status": "open"},
    "/api/console/tickets/{ticket}/assign": {"engineer_id": "{engineer}"},
    "/api/console/tickets/{ticket}/out-of-scope": {"reason": "Reason"},
    "/api/console/tickets/{ticket}/bug": {"url": "https://bugs.example/1"},
    "/api/console/calls/{call}/confirm": {"starts_at": "2030-01-07T10:00:00+03:00"},
    "/api/console/calls/{call}/propose": {
        "starts_at": "2030-01-07T10:00:00+03:00",
        "engineer_id": "{engineer}",
    },
    "/api/console/calls/{call}/decline": {"reason": "Reason"},
    "/api/console/calls/{call}/held": {"minutes_used": 30},
}
LISTS: dict[str, list[str]] = {
    "/api/tickets": ["status"],
    "/api/console/queue": ["view", "department", "language", "status", "hotrush"],
    "/api/console/orders": ["q"],
    "/api/tickets/search": ["q", "status"],
    "/api/console/search": ["q", "department", "language", "status"],
    "/api/stores": [],
    "/api/console/calls": ["day", "days", "mine"],
    "/api/tickets/{ticket}/calls/slots": ["duration_minutes"],
}
PAGE_PARAMS = ["page", "page_size"]


def _fill(template: Any, ids: dict[str, int]) -> Any:
    if isinstance(template, str) and template.startswith("{") and template.endswith("}"):
        return ids[template[1:-1]]
    return template


def _post(client: ApiClient, path: str, payload: Any) -> int:
    try:
        raw = json.dumps(payload)
    except (TypeError, ValueError):
        raw = str(payload)
    response = client.post(
        path, raw.encode("utf-8", "surrogatepass"), content_type="application/json"
    )
    assert response["Content-Type"].startswith("application/json"), path
    if response.status_code >= 400:
        assert "code" in response.json()
    status: int = response.status_code
    return status


@pytest.fixture
def ids(alice_ticket, alice_store, engineer_en) -> dict[str, int]:
    call = Call.objects.create(
        ticket=alice_ticket,
        handle_kind="skype",
        handle="alice.archer",
        duration_minutes=30,
        windows=["2030-01-07T07:00:00+00:00"],
        created_by=alice_ticket.customer,
    )
    return {
        "ticket": alice_ticket.pk,
        "store": alice_store.pk,
        "engineer": engineer_en.pk,
        "call": call.pk,
    }


@pytest.mark.parametrize("path", sorted(CUSTOMER_POSTS))
def test_customer_posts_never_fail(as_alice, ids, path):
    valid = {key: _fill(value, ids) for key, value in CUSTOMER_POSTS[path].items()}
    url = path.format(**ids)
    for field in valid:
        for value in HOSTILE:
            assert _post(as_alice, url, {**valid, field: value}) < 500, (field, value)
    for value in HOSTILE:
        assert _post(as_alice, url, value) < 500, value


@pytest.mark.parametrize("path", sorted(CONSOLE_POSTS))
def test_console_posts_never_fail(engineer_en, ids, path):
    client = signed_in(engineer_en.user)
    valid = {key: _fill(value, ids) for key, value in CONSOLE_POSTS[path].items()}
    url = path.format(**ids)
    for field in valid:
        for value in HOSTILE:
            assert _post(client, url, {**valid, field: value}) < 500, (field, value)


@pytest.mark.parametrize("path", sorted(LISTS))
def test_list_filters_never_fail(as_alice, engineer_en, ids, path):
    client = signed_in(engineer_en.user) if path.startswith("/api/console") else as_alice
    for name in [*LISTS[path], *PAGE_PARAMS]:
        for value in HOSTILE:
            if isinstance(value, list | dict) or value is None:
                continue
            text = str(value).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            response = client.get(path.format(**ids), {name: text[:5_000]})
            assert response.status_code < 500, (name, value)
            assert response.status_code == 200 or "code" in response.json()
