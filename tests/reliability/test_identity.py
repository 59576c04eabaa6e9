"""Identity (issue 14): who a request is from is never taken from a header; look-alike
addresses cannot take an account over through reset or sign-up; old password hashes are
upgraded when their owner signs in."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password

from desk.accounts import services as account_services
from desk.accounts.models import User
from desk.outbox.models import OutboxMail

SSO_HEADERS = {
    "REMOTE_USER": "alice@example.com",
    "HTTP_REMOTE_USER": "alice@example.com",
    "HTTP_X_REMOTE_USER": "alice@example.com",
    "HTTP_X_FORWARDED_USER": "alice@example.com",
    "HTTP_X_AUTH_REQUEST_EMAIL": "alice@example.com",
    "HTTP_AUTHORIZATION": "Basic YWxpY2VAZXhhbXBsZS5jb206eA==",
}


def test_remote_user_and_sso_headers_are_ignored_unless_configured(client, alice, alice_ticket):
    # given no remote-user middleware or backend configured (the default)
    assert not any("RemoteUser" in name for name in settings.MIDDLEWARE)
    assert not any("RemoteUser" in name for name in settings.AUTHENTICATION_BACKENDS)
    # when a request claims to be Alice through every usual SSO header
    page = client.get(f"/requests/{alice_ticket.pk}/", **SSO_HEADERS)
    api = client.get("/api/tickets", **SSO_HEADERS)
    # then nobody is signed in
    assert page.status_code == 302
    assert page["Location"].startswith("/login/")
    assert api.status_code == 401
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "look_alike",
    [
        "alıce@example.com",  # dotless i: upper() makes it ALICE
        "ALİCE@example.com",  # capital dotted I
        "аlice@example.com",  # Cyrillic a
        "alice@exаmple.com",  # Cyrillic a in the domain
    ],
)
def test_reset_for_a_look_alike_address_mails_nobody(client, alice, look_alike, deliver_mail):
    # when a password reset is asked for an address that only looks like Alice's
    with deliver_mail():
        response = client.post("/password-reset/", {"email": look_alike})
    # then the answer is the usual one (or the form's own refusal of a non-ASCII local part),
    # and no mail goes anywhere (least of all to the look-alike address with Alice's link)
    assert response.status_code in (200, 302)
    assert not OutboxMail.objects.filter(template="password_reset").exists()


def test_reset_with_a_kelvin_sign_reaches_only_the_stored_address(client, db, deliver_mail):
    # given an account kelvin@example.com
    owner = account_services.register_customer(email="kelvin@example.com", password="pw-x-91-q")
    # when a reset is asked for "\u212aelvin@example.com" (KELVIN SIGN, NFKC → K)
    with deliver_mail():
        client.post("/password-reset/", {"email": "\u212aelvin@example.com"})
    # then the link goes to the account's own stored address, never to the typed spelling
    reset = OutboxMail.objects.get(template="password_reset")
    assert reset.recipient_email == owner.email == "kelvin@example.com"


def test_sign_up_with_a_normalised_look_alike_is_the_existing_account(client, db):
    owner = account_services.register_customer(email="kelvin@example.com", password="pw-x-91-q")
    data = {
        "email": "\u212aELVIN@example.com",
        "full_name": "Mallory",
        "password1": "violet submarine orbit 77",
        "password2": "violet submarine orbit 77",
        "language": "en",
        "time_zone": "Europe/Berlin",
    }
    client.post("/signup/", data)
    # one account, its password untouched; its owner is told
    assert list(User.objects.values_list("email", flat=True)) == ["kelvin@example.com"]
    owner.refresh_from_db()
    assert owner.check_password("pw-x-91-q")
    assert OutboxMail.objects.get(template="signup_existing").recipient_email == owner.email


def test_sign_up_with_a_dotless_i_is_another_mailbox_and_cannot_sign_in_as_alice(
    client, alice, password
):
    data = {
        "email": "alıce@example.com",
        "full_name": "Mallory",
        "password1": "violet submarine orbit 77",
        "password2": "violet submarine orbit 77",
        "language": "en",
        "time_zone": "Europe/Berlin",
    }
    client.post("/signup/", data)
    other = User.objects.exclude(pk=alice.pk).get()
    assert (other.email, other.is_active) == ("alıce@example.com", False)
    signed = client.post(
        "/login/", {"username": "alice@example.com", "password": "violet submarine orbit 77"}
    )
    assert signed.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_hashes_are_upgraded_at_sign_in(client, db, settings):
    # given the preferred hasher changed, and an account whose hash is of the old one
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    user = account_services.register_customer(email="old@example.com", password="x")
    User.objects.filter(pk=user.pk).update(password=make_password("an old pass 77", hasher="md5"))
    # when its owner signs in
    response = client.post("/login/", {"username": "old@example.com", "password": "an old pass 77"})
    # then the stored hash is the preferred one
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")
