"""Staff TOTP: set up in the console, then every sign-in needs a fresh code; codes are not
replayable; the session remembers the second factor (server access needs it)."""

from __future__ import annotations

from desk.accounts import two_factor
from desk.accounts.models import StaffTotp
from desk.accounts.tests.second_factor import current_code, enable_totp


def test_console_setup_turns_it_on_with_the_first_code(client, engineer_en):
    client.force_login(engineer_en.user)
    client.post("/console/two-factor/", {"action": "start"})
    totp = StaffTotp.objects.get(user=engineer_en.user)
    assert not totp.is_confirmed
    page = client.get("/console/two-factor/").content.decode()
    assert totp.secret in page
    client.post("/console/two-factor/", {"action": "confirm", "code": "000000"})
    assert not StaffTotp.objects.get(user=engineer_en.user).is_confirmed
    client.post(
        "/console/two-factor/", {"action": "confirm", "code": current_code(engineer_en.user)}
    )
    assert StaffTotp.objects.get(user=engineer_en.user).is_confirmed
    assert two_factor.session_has_second_factor(client.session, engineer_en.user)


def test_sign_in_needs_the_code_once_enabled(client, engineer_en, password):
    user = engineer_en.user
    enable_totp(user)
    without = client.post("/login/", {"username": user.email, "password": password})
    assert without.status_code == 200
    assert "_auth_user_id" not in client.session
    code = current_code(user)
    signed = client.post("/login/", {"username": user.email, "password": password, "otp": code})
    assert signed.status_code == 302
    assert two_factor.session_has_second_factor(client.session, user)


def test_a_code_cannot_be_used_twice(client, engineer_en, password):
    user = engineer_en.user
    enable_totp(user)
    code = current_code(user)
    data = {"username": user.email, "password": password, "otp": code}
    assert client.post("/login/", data).status_code == 302
    client.post("/logout/")
    assert client.post("/login/", data).status_code == 200


def test_admin_sign_in_takes_the_code(client, staff_admin, password):
    enable_totp(staff_admin)
    data = {"username": staff_admin.email, "password": password, "next": "/admin/"}
    assert client.post("/admin/login/", data).status_code == 200
    data["otp"] = current_code(staff_admin)
    assert client.post("/admin/login/", data).status_code == 302


def test_customers_cannot_set_it_up(client, alice):
    client.force_login(alice)
    assert client.get("/console/two-factor/").status_code == 404
