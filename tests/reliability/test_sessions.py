"""Sessions (issue 14): a new key at sign-in, the old cookie dead after sign-out and after a
password change, and every refused access logged with who/what/where but no secret."""

from __future__ import annotations

import logging

from django.conf import settings
from django.test import Client


def _cookie(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_session_key_rotates_at_sign_in(client, alice, password):
    client.get("/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/login/", {"username": alice.email, "password": password})
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_old_cookie_is_dead_after_sign_out(client, alice, password, alice_ticket):
    client.post("/login/", {"username": alice.email, "password": password})
    stolen = _cookie(client)
    client.post("/logout/")
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = thief.get(f"/requests/{alice_ticket.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_old_cookie_is_dead_after_a_password_change(client, alice, password, alice_ticket):
    # given a session on another device
    other = Client()
    other.post("/login/", {"username": alice.email, "password": password})
    assert other.get(f"/requests/{alice_ticket.pk}/").status_code == 200
    # when the password is changed (reset link)
    alice.set_password("a brand new secret 55")
    alice.save(update_fields=["password"])
    # then the other device is signed out
    response = other.get(f"/requests/{alice_ticket.pk}/")
    assert response.status_code == 302


def test_refused_access_is_logged_with_who_what_where_and_no_secret(
    client, bob, alice_ticket, caplog
):
    caplog.set_level(logging.WARNING, logger="desk.security")
    client.force_login(bob)
    client.get(f"/requests/{alice_ticket.pk}/?token=SECRET-QUERY-VALUE", REMOTE_ADDR="203.0.113.5")
    Client().get("/password-reset/MQ/SECRET-TOKEN-abc/", REMOTE_ADDR="198.51.100.7")
    lines = [record.getMessage() for record in caplog.records if record.name == "desk.security"]
    assert (
        f"refused 404 GET /requests/{alice_ticket.pk}/ by user:{bob.pk} from 203.0.113.5" in lines
    )
    assert all("SECRET" not in line for line in lines)
