"""Session authentication with CSRF on unsafe methods, as the portal's own scripts use it."""

from __future__ import annotations

from django.test import Client

from desk.stores.models import Store

CSRF_SECRET = "a" * 32  # the cookie holds the secret; the header may carry it unmasked


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_session_post_without_csrf_token_is_refused(alice):
    # given
    client = csrf_client(alice)
    # when
    response = client.post(
        "/api/stores", b'{"url": "alice-shop.example"}', content_type="application/json"
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not Store.objects.exists()


def test_session_post_with_csrf_token_is_accepted(alice):
    # given
    client = csrf_client(alice)
    client.cookies["csrftoken"] = CSRF_SECRET
    # when
    response = client.post(
        "/api/stores",
        b'{"url": "alice-shop.example"}',
        content_type="application/json",
        headers={"X-CSRFToken": CSRF_SECRET},
    )
    # then
    assert response.status_code == 201
    assert Store.objects.get(customer=alice).canonical_url == "alice-shop.example"


def test_reads_need_no_csrf_token(alice, alice_store):
    response = csrf_client(alice).get("/api/stores")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_deactivated_user_is_signed_out(alice, alice_store):
    # given
    client = csrf_client(alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    # when
    response = client.get("/api/stores")
    # then
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
