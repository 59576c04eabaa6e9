"""Sign up, sign in/out, password reset, preferences and the language switcher."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.http import urlencode

from desk.accounts.models import User
from desk.outbox.models import OutboxMail

NEW_PASSWORD = "violet submarine orbit 77"


def signup_data(**overrides):
    data = {
        "email": "Carol@Example.com",
        "full_name": "Carol Carter",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "language": "ru",
        "time_zone": "Asia/Tokyo",
    }
    return {**data, **overrides}


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- sign up ----------------------------------------------------------------------------------


def test_signup_page_offers_every_field(client, db):
    # when
    response = client.get(reverse("portal:signup"))
    # then
    assert response.status_code == 200
    assert list(response.context["form"].fields) == [
        "email",
        "full_name",
        "password1",
        "password2",
        "language",
        "time_zone",
    ]
    assert response.context["form"]["time_zone"].value() == "Europe/Moscow"


def _confirm_link(client, template="signup_confirm"):
    mail = OutboxMail.objects.get(template=template)
    return mail.context["confirm_url"].removeprefix("http://127.0.0.1:8000")


def test_signup_mails_a_link_and_the_link_signs_the_customer_in(client, db):
    # when Carol signs up
    response = client.post(reverse("portal:signup"), signup_data())
    # then she is told to check her mail; the account waits, inactive, for her click
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:signup_sent")
    user = User.objects.get()
    assert (user.email, user.full_name, user.language, user.time_zone) == (
        "carol@example.com",
        "Carol Carter",
        "ru",
        "Asia/Tokyo",
    )
    assert user.check_password(NEW_PASSWORD)
    assert (user.is_active, user.is_staff) == (False, False)
    assert signed_in_user_id(client) is None
    # when she opens the mailed link (GET changes nothing) and clicks the button
    link = _confirm_link(client)
    assert client.get(link).status_code == 200
    assert not User.objects.get().is_active
    confirmed = client.post(link)
    # then the account is active and she is signed in, at home, in her language
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("portal:home")
    user.refresh_from_db()
    assert user.is_active
    assert user.email_verified_at is not None
    assert signed_in_user_id(client) == str(user.pk)
    assert confirmed.cookies["desk_language"].value == "ru"
    # and the link is dead once used
    client.post(reverse("portal:logout"))
    assert client.post(link).status_code == 400


def test_signup_link_returns_to_a_safe_next_page(client, db):
    client.post(f"{reverse('portal:signup')}?next=/pricing/", signup_data())
    response = client.post(_confirm_link(client))
    assert response["Location"] == "/pricing/"


def test_signup_link_ignores_a_next_page_on_another_site(client, db):
    client.post(f"{reverse('portal:signup')}?next=https://evil.example/", signup_data())
    response = client.post(_confirm_link(client))
    assert response["Location"] == reverse("portal:home")


def test_forged_signup_links_are_refused(client, db):
    client.post(reverse("portal:signup"), signup_data())
    link = _confirm_link(client)
    for bad in (
        link.replace("/confirm/", "/confirm/x"),
        link[:-8] + "0000000/",
        "/signup/confirm/!/x/",
    ):
        assert client.post(bad).status_code in (400, 404)
    assert not User.objects.get().is_active


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Unknown time zone."),
        (
            {"language": "de"},
            "language",
            "Select a valid choice. de is not one of the available choices.",
        ),
        ({"password2": "something else 123"}, "password2", "The two password fields didn’t match."),
        (
            {"password1": "password", "password2": "password"},
            "password2",
            "This password is too common.",
        ),
        (
            {"password1": "8302", "password2": "8302"},
            "password2",
            "This password is entirely numeric.",
        ),
        (
            {"password1": "carol@example.com!", "password2": "carol@example.com!"},
            "password2",
            "The password is too similar to the email.",
        ),
    ],
)
def test_signup_rejects_bad_input_and_creates_nothing(client, db, overrides, field, message):
    # when
    response = client.post(reverse("portal:signup"), signup_data(**overrides))
    # then
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not User.objects.exists()
    assert signed_in_user_id(client) is None


def test_signup_with_a_taken_email_answers_the_same_and_mails_the_owner(client, alice):
    # when someone signs up with Alice's address (in other case)
    response = client.post(reverse("portal:signup"), signup_data(email="ALICE@example.com"))
    # then the answer is the one a new address gets, and only Alice hears about it
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:signup_sent")
    assert list(User.objects.values_list("email", flat=True)) == ["alice@example.com"]
    assert signed_in_user_id(client) is None
    note = OutboxMail.objects.get(template="signup_existing")
    assert note.recipient_email == "alice@example.com"
    alice.refresh_from_db()
    assert not alice.check_password(NEW_PASSWORD)


def test_signup_redirects_a_signed_in_customer_home(client, alice, password):
    # given
    client.login(email=alice.email, password=password)
    # when
    response = client.get(reverse("portal:signup"))
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


# --- sign in / sign out ------------------------------------------------------------------------


def test_login_form_asks_for_an_email(client, db):
    # when
    response = client.get(reverse("portal:login"))
    # then
    form = response.context["form"]
    assert str(form.fields["username"].label) == "Email"
    assert 'type="email" name="username"' in response.content.decode()


def test_login_and_signup_pages_keep_the_way_back_between_them(client, db):
    # given a visitor sent to sign in by "Buy now"
    buy = reverse("portal:buy", args=["subscription-1y"])
    # when
    login_page = client.get(reverse("portal:login"), {"next": buy})
    signup_page = client.get(reverse("portal:signup"), {"next": buy})
    # then
    assert (
        login_page.context["signup_url"] == f"{reverse('portal:signup')}?{urlencode({'next': buy})}"
    )
    assert (
        signup_page.context["login_url"] == f"{reverse('portal:login')}?{urlencode({'next': buy})}"
    )


def test_login_with_email_in_any_case_signs_in(client, alice, password):
    # when
    response = client.post(
        reverse("portal:login"), {"username": "Alice@EXAMPLE.com", "password": password}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert signed_in_user_id(client) == str(alice.pk)


def test_login_with_a_wrong_password_is_refused(client, alice):
    # when
    response = client.post(
        reverse("portal:login"), {"username": alice.email, "password": "wrong password 1"}
    )
    # then
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct email and password. Note that both fields may be case-sensitive."
    ]
    assert signed_in_user_id(client) is None


def test_logout_refuses_get(client, alice, password):
    # given
    client.login(email=alice.email, password=password)
    # when
    response = client.get(reverse("portal:logout"))
    # then
    assert response.status_code == 405
    assert signed_in_user_id(client) == str(alice.pk)


def test_logout_by_post_signs_out_and_goes_home(client, alice, password):
    # given
    client.login(email=alice.email, password=password)
    # when
    response = client.post(reverse("portal:logout"))
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert signed_in_user_id(client) is None


# --- password reset ----------------------------------------------------------------------------


def reset_path(body):
    match = re.search(r"https?://[^/\s]+(/password-reset/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def test_password_reset_sends_one_email_with_a_working_link(client, alice, deliver_mail):
    # when
    with deliver_mail():
        response = client.post(reverse("portal:password_reset"), {"email": "ALICE@example.com"})
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Alice Archer <alice@example.com>"]
    assert message.subject == "Reset your Supportdesk password"
    assert message.body.startswith("Hello Alice Archer,")
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"

    # when the link is followed and a new password chosen
    form_page = client.get(reset_path(message.body), follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then
    assert done.status_code == 302
    assert done["Location"] == reverse("portal:password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_password_reset_email_is_in_the_customer_language(client, bob, deliver_mail):
    # when the request comes from an English page
    with deliver_mail():
        client.post(reverse("portal:password_reset"), {"email": bob.email})
    # then
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Сброс пароля Supportdesk"
    assert mail.outbox[0].body.startswith("Здравствуйте, Борис Бобров!")


def test_password_reset_link_works_only_once(client, alice, deliver_mail):
    # given
    with deliver_mail():
        client.post(reverse("portal:password_reset"), {"email": alice.email})
    link = reset_path(mail.outbox[0].body)
    first = client.get(link, follow=True)
    client.post(
        first.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # when
    again = client.get(link, follow=True)
    # then
    assert again.context["validlink"] is False


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, db, deliver_mail
):
    # when
    with deliver_mail():
        response = client.post(reverse("portal:password_reset"), {"email": "nobody@example.com"})
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:password_reset_done")
    assert mail.outbox == []


# --- account preferences -----------------------------------------------------------------------


def test_account_requires_sign_in(client, db):
    # when
    response = client.get(reverse("portal:account"))
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:login')}?next={reverse('portal:account')}"


def test_account_links_stores_orders_and_subscriptions(client, alice, password):
    # given
    client.login(email=alice.email, password=password)
    # when
    response = client.get(reverse("portal:account"))
    # then
    content = response.content.decode()
    for name in ("portal:stores", "portal:orders", "portal:subscriptions"):
        assert f'href="{reverse(name)}"' in content
    assert response.context["form"].initial == {
        "full_name": "Alice Archer",
        "language": "en",
        "time_zone": "Europe/Berlin",
    }


def test_account_changes_language_and_time_zone(client, alice, password):
    # given
    client.login(email=alice.email, password=password)
    # when
    response = client.post(
        reverse("portal:account"),
        {"full_name": "Alice Archer", "language": "ru", "time_zone": "America/New_York"},
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:account")
    alice.refresh_from_db()
    assert (alice.language, alice.time_zone) == ("ru", "America/New_York")
    page = client.get(reverse("portal:account"))
    assert '<html lang="ru">' in page.content.decode()
    # the confirmation is shown after the switch, so it reads in the newly chosen language
    assert [str(m) for m in page.context["messages"]] == ["Ваши настройки сохранены."]


def test_account_rejects_an_unknown_time_zone_and_changes_nothing(client, alice, password):
    # given
    client.login(email=alice.email, password=password)
    # when
    response = client.post(
        reverse("portal:account"),
        {"full_name": "Someone Else", "language": "ru", "time_zone": "Mars/Olympus"},
    )
    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {"time_zone": ["Unknown time zone."]}
    alice.refresh_from_db()
    assert (alice.full_name, alice.language, alice.time_zone) == (
        "Alice Archer",
        "en",
        "Europe/Berlin",
    )


# --- language switcher -------------------------------------------------------------------------


def test_set_language_for_a_visitor_sets_the_cookie_and_returns(client, db):
    # when
    response = client.post(reverse("portal:set_language"), {"language": "ru", "next": "/pricing/"})
    # then
    assert response.status_code == 302
    assert response["Location"] == "/pricing/"
    assert response.cookies["desk_language"].value == "ru"
    assert '<html lang="ru">' in client.get("/pricing/").content.decode()


def test_set_language_for_a_customer_saves_it_on_the_account(client, alice, password):
    # given
    client.login(email=alice.email, password=password)
    # when
    response = client.post(reverse("portal:set_language"), {"language": "ru", "next": "/scope/"})
    # then
    assert response.status_code == 302
    assert response["Location"] == "/scope/"
    alice.refresh_from_db()
    assert alice.language == "ru"
    assert '<html lang="ru">' in client.get("/scope/").content.decode()


def test_set_language_ignores_a_next_page_on_another_site(client, db):
    # when
    response = client.post(
        reverse("portal:set_language"), {"language": "ru", "next": "https://evil.example/x"}
    )
    # then
    assert response["Location"] == reverse("portal:home")
    assert response.cookies["desk_language"].value == "ru"


def test_set_language_refuses_an_unknown_language_and_changes_nothing(client, alice, password):
    # given
    client.login(email=alice.email, password=password)
    # when
    response = client.post(reverse("portal:set_language"), {"language": "xx", "next": "/"})
    # then
    assert response.status_code == 302
    assert "desk_language" not in response.cookies
    alice.refresh_from_db()
    assert alice.language == "en"


def test_set_language_refuses_get(client, db):
    assert client.get(reverse("portal:set_language")).status_code == 405
