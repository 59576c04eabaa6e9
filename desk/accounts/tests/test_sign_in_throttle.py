"""Sign-in is throttled per account and per address with growing waits and a temporary lock,
kept in the database (shared by every process), in the portal, the admin and the API alike."""

from __future__ import annotations

import pytest

from desk.accounts import throttle
from desk.accounts.models import SignInThrottle

WRONG = "not-the-password"


def _login(client, email, password, url="/login/"):
    field = "username"
    return client.post(url, {field: email, "password": password})


def test_waits_grow_after_the_free_failures_then_the_account_locks(alice, client, clock, settings):
    # given 5 free failures
    for _ in range(settings.DESK_SIGNIN_FREE_FAILURES - 1):
        assert _login(client, alice.email, WRONG).status_code == 200
    # when the 5th fails, the next attempt must wait 1 s, then 2 s, 4 s ...
    assert _login(client, alice.email, WRONG).status_code == 200
    waits = []
    for _ in range(4):
        waits.append(throttle.wait_seconds(None, alice.email))
        clock.advance(seconds=waits[-1])
        _login(client, alice.email, WRONG)
    assert waits == [1, 2, 4, 8]
    # and during a wait even the right password is refused (429), unchecked
    response = _login(client, alice.email, "correct horse battery staple 42")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # after 10 failures the account is locked for 15 minutes
    clock.advance(seconds=16)
    _login(client, alice.email, WRONG)
    assert throttle.wait_seconds(None, alice.email) == settings.DESK_SIGNIN_LOCK_MINUTES * 60


def test_success_clears_the_account(alice, client, password):
    for _ in range(3):
        _login(client, alice.email, WRONG)
    assert _login(client, alice.email, password).status_code == 302
    assert throttle.wait_seconds(None, alice.email) == 0
    assert not SignInThrottle.objects.filter(key__startswith="account:").exists()


def test_failures_are_forgotten_after_the_window(alice, client, clock, settings):
    for _ in range(settings.DESK_SIGNIN_FREE_FAILURES - 1):
        _login(client, alice.email, WRONG)
    clock.advance(minutes=settings.DESK_SIGNIN_WINDOW_MINUTES + 1)
    _login(client, alice.email, WRONG)
    assert throttle.wait_seconds(None, alice.email) == 0


def test_one_address_trying_many_accounts_is_throttled(db, client, settings):
    # given one client trying a different (unknown) account each time
    for number in range(settings.DESK_SIGNIN_ADDRESS_FREE_FAILURES):
        _login(client, f"user{number}@example.com", WRONG)
    # then the next attempt, for yet another account, must wait
    response = _login(client, "fresh@example.com", WRONG)
    assert response.status_code == 429


def test_unknown_and_known_accounts_are_throttled_alike(alice, client, clock, settings):
    # the clock stands still: on a loaded machine a real second between the two accounts' failures
    # would shorten the first one's wait and compare two different moments
    for email in (alice.email, "nobody@example.com"):
        for _ in range(settings.DESK_SIGNIN_FREE_FAILURES):
            _login(client, email, WRONG)
    assert throttle.wait_seconds(None, alice.email) == throttle.wait_seconds(
        None, "nobody@example.com"
    )


def test_admin_sign_in_is_throttled_too(staff_admin, client, clock, settings):
    for _ in range(settings.DESK_SIGNIN_FREE_FAILURES):
        _login(client, staff_admin.email, WRONG, url="/admin/login/")
    response = _login(client, staff_admin.email, "correct horse battery staple 42", "/admin/login/")
    assert response.status_code == 200  # the admin's own form, with our error
    assert "Too many failed sign-ins" in response.content.decode()


def test_keys_hold_no_email_or_address_in_clear(alice, client):
    _login(client, alice.email, WRONG)
    keys = " ".join(SignInThrottle.objects.values_list("key", flat=True))
    assert "alice" not in keys
    assert "127.0.0.1" not in keys


@pytest.mark.parametrize("header", ["", "203.0.113.9", "198.51.100.1, 203.0.113.9"])
def test_client_address_behind_trusted_proxies(rf, settings, header):
    settings.DESK_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="10.0.0.1")
    expected = header.split(",")[-1].strip() if header else "10.0.0.1"
    assert throttle.client_address(request) == expected
