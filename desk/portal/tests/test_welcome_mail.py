"""A welcome mail when a sign-up is confirmed (issue 12), in the customer's language."""

from __future__ import annotations

from django.urls import reverse

from desk.accounts.models import User
from desk.outbox.models import OutboxMail
from desk.portal.signup import confirm_signup, request_signup


def test_confirming_the_account_mails_a_welcome_once(db):
    # given a pending sign-up
    request_signup(
        email="nina@example.com",
        password="A-long-password-2026",
        full_name="Нина",
        language="ru",
        time_zone="Europe/Moscow",
    )
    user = User.objects.get(email="nina@example.com")
    # when the link is followed (twice: a double click)
    confirm_signup(user=user)
    confirm_signup(user=user)
    # then one welcome, in Russian, with the three links
    mail = OutboxMail.objects.get(template="welcome")
    assert mail.language == "ru"
    assert mail.context["stores_url"].endswith(reverse("portal:stores"))
    assert mail.context["new_request_url"].endswith(reverse("portal:ticket_new"))
    assert user.is_active
