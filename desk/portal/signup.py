"""Sign-up that answers the same for known and unknown addresses: orchestrated here, above
accounts (the account) and outbox (the mail), so that both happen in one transaction."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from desk.accounts import services as account_services
from desk.accounts.models import User
from desk.outbox.services import enqueue_mail


def confirmation_path(user: User, next_url: str = "") -> str:
    path = reverse(
        "portal:signup_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{path}?{urlencode({'next': next_url})}" if next_url else path


def request_signup(
    *,
    email: str,
    password: str,
    full_name: str,
    language: str,
    time_zone: str,
    next_url: str = "",
) -> None:
    """Mail the address: a confirmation link for a new account, or a note to the owner of an
    existing one ("someone tried to sign up with your address"). Nothing tells them apart."""
    site = settings.SITE_URL.rstrip("/")
    with transaction.atomic():
        user, pending = account_services.register_pending_customer(
            email=email,
            password=password,
            full_name=full_name,
            language=language,
            time_zone=time_zone,
        )
        if pending:
            path = confirmation_path(user, next_url)
            enqueue_mail(
                event_key=f"signup-confirm:{user.pk}:{path}"[:200],
                recipient=user,
                template="signup_confirm",
                context={"customer_name": user.display_name, "confirm_url": site + path},
            )
            return
        enqueue_mail(
            event_key=f"signup-existing:{user.pk}:{uuid.uuid4().hex}",
            recipient=user,
            template="signup_existing",
            context={
                "customer_name": user.display_name,
                "login_url": site + reverse("portal:login"),
                "reset_url": site + reverse("portal:password_reset"),
            },
        )


def confirm_signup(*, user: User) -> User:
    """The owner of the address followed the sign-up link: the account becomes active and its
    owner gets a welcome mail with the three steps to a first answer (once per account)."""
    site = settings.SITE_URL.rstrip("/")
    with transaction.atomic():
        user = account_services.confirm_email(user=user)
        enqueue_mail(
            event_key=f"welcome:{user.pk}",
            recipient=user,
            template="welcome",
            context={
                "customer_name": user.display_name,
                "stores_url": site + reverse("portal:stores"),
                "pricing_url": site + reverse("portal:pricing"),
                "new_request_url": site + reverse("portal:ticket_new"),
            },
        )
    return user
