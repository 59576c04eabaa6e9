"""Throttling (issue 14; issue 10 point 4): sign-in, password reset and sign-up are limited per
address; sign-up and reset answer the same for known and unknown emails."""

from __future__ import annotations

from desk.outbox.models import OutboxMail

WRONG = "not-the-password"


def test_login_is_throttled_after_five_failures(client, alice, settings, clock):
    answers = [
        client.post("/login/", {"username": alice.email, "password": WRONG}).status_code
        for _ in range(8)
    ]
    assert answers[:5] == [200] * 5
    assert answers[5:] == [429, 429, 429]


def test_password_reset_is_throttled_per_address(client, alice, settings, clock):
    settings.DESK_PUBLIC_FORM_FREE = 3
    answers = [
        client.post("/password-reset/", {"email": alice.email}).status_code for _ in range(5)
    ]
    assert answers == [302, 302, 302, 429, 429]


def test_sign_up_is_throttled_per_address(client, db, settings, clock):
    settings.DESK_PUBLIC_FORM_FREE = 2
    answers = [
        client.post("/signup/", {"email": f"n{number}@example.com"}).status_code
        for number in range(4)
    ]
    assert answers[-1] == 429


def _signup(client, email):
    return client.post(
        "/signup/",
        {
            "email": email,
            "full_name": "Someone",
            "password1": "violet submarine orbit 77",
            "password2": "violet submarine orbit 77",
            "language": "en",
            "time_zone": "Europe/Berlin",
        },
    )


def test_sign_up_answers_the_same_for_known_and_unknown_emails(client, alice):
    known, unknown = _signup(client, alice.email), _signup(client, "newcomer@example.com")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    templates = dict(OutboxMail.objects.values_list("recipient_email", "template"))
    assert templates == {
        "alice@example.com": "signup_existing",
        "newcomer@example.com": "signup_confirm",
    }


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, alice):
    known = client.post("/password-reset/", {"email": alice.email})
    unknown = client.post("/password-reset/", {"email": "nobody@example.com"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
