"""Bearer API tokens beside the session: scopes, expiry, revocation, rate limits, no CSRF."""

from __future__ import annotations

import json
import logging

from django.test import Client, override_settings

from desk.api.tests.documented import assert_answer_documented
from desk.stores.models import Store
from desk.tokens import services
from desk.tokens.models import ApiToken


class TokenClient(Client):
    """A client with no session and no cookie: only the Authorization header signs it in."""

    def __init__(self, secret: str) -> None:
        super().__init__(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})

    def request(self, **request):  # type: ignore[no-untyped-def]
        response = super().request(**request)
        assert_answer_documented(request["REQUEST_METHOD"], request["PATH_INFO"], response)
        return response


def _issue(user, scope="write", days=30):
    return services.issue_personal_token(user=user, name="CI", scope=scope, expires_in_days=days)


def test_a_write_token_posts_without_csrf(alice):
    # given
    issued = _issue(alice)
    # when
    response = TokenClient(issued.secret).post(
        "/api/stores", b'{"url": "alice-shop.example"}', content_type="application/json"
    )
    # then
    assert response.status_code == 201
    assert Store.objects.get(customer=alice).canonical_url == "alice-shop.example"


def test_a_read_token_reads_but_cannot_write(alice, alice_store):
    # given
    client = TokenClient(_issue(alice, scope="read").secret)
    # when
    listing = client.get("/api/stores")
    refused = client.post(
        "/api/stores", b'{"url": "other-shop.example"}', content_type="application/json"
    )
    # then
    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    assert refused.status_code == 403
    assert refused.json()["code"] == "token_read_only"
    assert Store.objects.filter(customer=alice).count() == 1


def test_refused_tokens_answer_401_with_their_code(alice, clock):
    # given
    expired = _issue(alice, days=7)
    revoked = _issue(alice)
    services.revoke_token(token=revoked.token)
    wrong_secret = expired.secret[:-4] + "AAAA"
    # when
    clock.advance(days=8)
    answers = {
        name: TokenClient(secret).get("/api/stores")
        for name, secret in {
            "expired": expired.secret,
            "revoked": revoked.secret,
            "wrong": wrong_secret,
            "unknown": "sdt_000000000000_" + "A" * 43,
            "garbage": "hello",
        }.items()
    }
    # then
    assert {name: (r.status_code, r.json()["code"]) for name, r in answers.items()} == {
        "expired": (401, "token_expired"),
        "revoked": (401, "token_revoked"),
        "wrong": (401, "token_invalid"),
        "unknown": (401, "token_invalid"),
        "garbage": (401, "token_invalid"),
    }


def test_a_customer_token_cannot_reach_the_console(alice):
    response = TokenClient(_issue(alice).secret).get("/api/console/queue")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_engineer_service_token_reaches_the_console(engineer_en):
    # given
    issued = services.issue_service_token(
        staff=engineer_en.user, name="Dashboard", scope="read", expires_in_days=None
    )
    # when
    response = TokenClient(issued.secret).get("/api/console/queue")
    # then
    assert response.status_code == 200
    assert issued.token.user == engineer_en.user


def test_a_service_token_bound_to_a_customer_acts_as_them(engineer_en, alice, alice_store):
    # given
    issued = services.issue_service_token(
        staff=engineer_en.user,
        name="Alice's ERP",
        scope="read",
        expires_in_days=90,
        customer_email="ALICE@example.com",
    )
    # when
    stores = TokenClient(issued.secret).get("/api/stores").json()
    # then
    assert [store["id"] for store in stores["items"]] == [alice_store.pk]


@override_settings(DESK_API_TOKEN_RATE_LIMIT=3, DESK_API_TOKEN_RATE_WINDOW_SECONDS=60)
def test_a_token_over_its_rate_limit_gets_429_with_retry_after(alice, bob, clock):
    # given
    client = TokenClient(_issue(alice).secret)
    other = TokenClient(_issue(bob).secret)
    # when
    statuses = [client.get("/api/stores").status_code for _ in range(3)]
    limited = client.get("/api/stores")
    others = other.get("/api/stores")
    clock.advance(seconds=61)
    later = client.get("/api/stores")
    # then
    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assert limited.json()["code"] == "token_rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert others.status_code == 200
    assert later.status_code == 200


def test_last_use_is_recorded_at_most_once_a_minute(alice, clock, django_assert_num_queries):
    # given
    issued = _issue(alice, scope="read")
    client = TokenClient(issued.secret)
    client.get("/api/stores", REMOTE_ADDR="203.0.113.9")
    first = ApiToken.objects.get(pk=issued.token.pk)
    # when
    clock.advance(seconds=30)
    client.get("/api/stores", REMOTE_ADDR="203.0.113.10")
    soon = ApiToken.objects.get(pk=issued.token.pk)
    clock.advance(seconds=31)
    client.get("/api/stores", REMOTE_ADDR="203.0.113.11")
    later = ApiToken.objects.get(pk=issued.token.pk)
    # then
    assert first.last_used_address == "203.0.113.9"
    assert soon.last_used_at == first.last_used_at
    assert soon.last_used_address == "203.0.113.9"
    assert later.last_used_address == "203.0.113.11"
    assert later.last_used_at is not None
    assert first.last_used_at is not None
    assert later.last_used_at > first.last_used_at


def test_secrets_are_stored_hashed_and_never_logged(alice, caplog):
    # given
    issued = _issue(alice)
    caplog.set_level(logging.DEBUG)
    # when
    TokenClient(issued.secret).get("/api/stores")
    TokenClient(issued.secret[:-1] + "x").get("/api/stores")
    # then
    row = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.startswith(row.prefix + "_")
    assert issued.secret not in json.dumps(list(ApiToken.objects.values().all()), default=str)
    assert issued.secret[len(row.prefix) + 1 :] not in caplog.text
    assert issued.secret not in repr(row)


def test_without_a_bearer_header_the_session_still_needs_csrf(alice):
    # given
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    # when
    response = client.post(
        "/api/stores", b'{"url": "alice-shop.example"}', content_type="application/json"
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not Store.objects.exists()


def test_openapi_offers_bearer_and_session(client):
    # given
    schema = client.get("/api/openapi.json").json()
    # then
    assert schema["components"]["securitySchemes"] == {
        "ApiTokenAuth": {"type": "http", "scheme": "bearer"},
        "SessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }
    assert schema["paths"]["/api/stores"]["post"]["security"] == [
        {"ApiTokenAuth": []},
        {"SessionAuth": []},
    ]
    assert "429" in schema["paths"]["/api/stores"]["post"]["responses"]
    assert "security" not in schema["paths"]["/api/catalog/plans"]["get"]
