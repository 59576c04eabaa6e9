"""The portal's and the console's API token pages: the secret once, the list, revoking."""

from __future__ import annotations

from django.test import Client

from desk.tokens.models import ApiToken, TokenKind


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_customer_creates_a_token_and_sees_the_secret_once(alice):
    # given
    client = signed_in(alice)
    # when
    created = client.post(
        "/account/api-tokens/", {"name": "Zapier", "scope": "write", "expires": "90"}
    )
    listed = client.get("/account/api-tokens/")
    # then
    token = ApiToken.objects.get(user=alice)
    assert (token.name, token.scope, token.kind) == ("Zapier", "write", TokenKind.PERSONAL)
    assert created.status_code == 200
    assert created["Cache-Control"].startswith("max-age=0")
    page = created.content.decode()
    secret = page.split("<code>", 1)[1].split("</code>", 1)[0]
    assert secret.startswith(token.prefix + "_")
    assert secret not in listed.content.decode()
    assert token.prefix in listed.content.decode()


def test_a_bad_name_saves_nothing_and_says_why(alice):
    response = signed_in(alice).post(
        "/account/api-tokens/", {"name": "", "scope": "read", "expires": ""}
    )

    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "errorlist" in response.content.decode()


def test_customer_revokes_own_token_but_not_anothers(alice, bob):
    # given
    signed_in(alice).post("/account/api-tokens/", {"name": "CI", "scope": "read", "expires": ""})
    token = ApiToken.objects.get(user=alice)
    # when
    foreign = signed_in(bob).post(f"/account/api-tokens/{token.pk}/revoke/")
    own = signed_in(alice).post(f"/account/api-tokens/{token.pk}/revoke/")
    # then
    assert foreign.status_code == 404
    assert own.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_engineer_creates_a_service_token_bound_to_a_customer(engineer_en, alice):
    # given
    client = signed_in(engineer_en.user)
    # when
    response = client.post(
        "/console/api-tokens/",
        {
            "kind": "service",
            "name": "Alice ERP",
            "scope": "read",
            "expires": "365",
            "customer": alice.email,
        },
    )
    # then
    token = ApiToken.objects.get()
    assert response.status_code == 200
    assert (token.kind, token.user, token.created_by) == (
        TokenKind.SERVICE,
        alice,
        engineer_en.user,
    )
    assert "data-token-secret" in response.content.decode()
    assert alice.email in client.get("/console/api-tokens/").content.decode()


def test_console_refuses_an_unknown_customer(engineer_en):
    response = signed_in(engineer_en.user).post(
        "/console/api-tokens/",
        {"kind": "service", "name": "ERP", "scope": "read", "customer": "nobody@example.com"},
    )

    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "No active customer account" in response.content.decode()


def test_customers_do_not_see_the_console_page(alice):
    assert signed_in(alice).get("/console/api-tokens/").status_code == 404
