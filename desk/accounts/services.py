"""Every state change of people: registration, preferences, engineer profiles."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from desk.accounts import errors
from desk.accounts.emails import canonical_email
from desk.accounts.models import Department, Engineer, Language, User
from desk.core import clock


def check_time_zone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise errors.invalid_time_zone() from exc
    return name


def check_language(code: str) -> str:
    if code not in Language.values:
        raise errors.invalid_language()
    return code


def register_customer(
    *,
    email: str,
    password: str | None,
    full_name: str = "",
    language: str = Language.EN,
    time_zone: str = "Europe/Moscow",
) -> User:
    """Create a customer account. Raises `email_taken` when the address is already used."""
    check_language(language)
    check_time_zone(time_zone)
    normalized = canonical_email(email)
    if User.objects.filter(email=normalized).exists():
        raise errors.email_taken()
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=normalized,
                password=password,
                full_name=full_name.strip(),
                language=language,
                time_zone=time_zone,
            )
    except IntegrityError as exc:  # a concurrent sign-up with the same address
        raise errors.email_taken() from exc


def register_pending_customer(
    *,
    email: str,
    password: str,
    full_name: str = "",
    language: str = Language.EN,
    time_zone: str = "Europe/Moscow",
) -> tuple[User, bool]:
    """Sign-up that does not tell whether the address has an account (issue 10 point 4).

    Returns (user, True) for a new, inactive account waiting for its owner to follow the mailed
    link (an earlier unconfirmed sign-up for the address gets these details instead), and
    (the existing account, False) otherwise; the password is hashed either way, so both take as
    long. The caller mails the address: a confirmation link, or a note to the owner."""
    check_language(language)
    check_time_zone(time_zone)
    normalized = canonical_email(email)
    hashed = make_password(password)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=normalized).first()
        if user is not None and not _is_pending(user):
            return user, False
        if user is None:
            user = User(email=normalized, is_active=False)
        user.password, user.full_name = hashed, full_name.strip()
        user.language, user.time_zone = language, time_zone
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # a concurrent sign-up for the same address
            return User.objects.get(email=normalized), False
    return user, True


def visitor_for_email(
    *, email: str, full_name: str = "", language: str = Language.EN
) -> User | None:
    """The person behind an address that wrote to Customer Service or Sales without an account
    (a prospect, PRODUCT.md §7): an inactive account that cannot sign in, holding their
    requests, answered by mail. An address that already has a pending sign-up or an earlier
    visitor account reuses it (signing up later makes it theirs, once they prove the address).

    None when the address belongs to an account someone uses: a typed or mailed address is a
    claim, and it never writes into that account without its authentication rules.

    Raises `invalid_email`, `invalid_language`.
    """
    check_language(language)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise errors.invalid_email() from exc
    normalized = canonical_email(email)
    user = User.objects.filter(email=normalized).first()
    if user is not None:
        return user if _is_pending(user) else None
    visitor = User(email=normalized, is_active=False, language=language)
    visitor.full_name = full_name.strip()[:150]
    visitor.set_unusable_password()
    try:
        with transaction.atomic():
            visitor.save(force_insert=True)
    except IntegrityError:  # a concurrent first message from the same address
        user = User.objects.get(email=normalized)
        return user if _is_pending(user) else None
    return visitor


def account_for_email(email: str) -> User | None:
    return User.objects.filter(email=canonical_email(email)).first()


def is_visitor(user: User) -> bool:
    """An account that never signed in: its requests are followed through signed links."""
    return _is_pending(user)


def _is_pending(user: User) -> bool:
    return not user.is_active and user.email_verified_at is None and user.last_login is None


def confirm_email(*, user: User) -> User:
    """The owner of the address followed the sign-up link: the account becomes active."""
    user.is_active = True
    user.email_verified_at = clock.now()
    user.save(update_fields=["is_active", "email_verified_at"])
    return user


def update_preferences(*, user: User, full_name: str, language: str, time_zone: str) -> User:
    """Save what the user sees: name, language of pages and emails, time zone of every time."""
    check_language(language)
    check_time_zone(time_zone)
    user.full_name = full_name.strip()
    user.language = language
    user.time_zone = time_zone
    user.save(update_fields=["full_name", "language", "time_zone"])
    return user


def change_email(*, user: User, email: str) -> User:
    """The address a user signs in with and gets mail at. Raises `invalid_email`, `email_taken`.
    Whoever shows the address elsewhere (the search index of requests) follows it in the same
    transaction: `desk.tickets.services.change_customer_email`."""
    normalized = canonical_email(email)
    try:
        validate_email(normalized)
    except ValidationError as exc:
        raise errors.invalid_email() from exc
    if normalized == user.email:
        return user
    if User.objects.filter(email=normalized).exclude(pk=user.pk).exists():
        raise errors.email_taken()
    user.email = normalized
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError as exc:  # a concurrent sign-up took it
        raise errors.email_taken() from exc
    return user


def change_language(*, user: User, language: str) -> User:
    """The language switcher: pages and emails follow `user.language` from the next request."""
    check_language(language)
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def create_engineer(
    *,
    email: str,
    password: str | None,
    full_name: str,
    department_codes: Iterable[str],
    speaks_en: bool = True,
    speaks_ru: bool = False,
    language: str = Language.EN,
    time_zone: str = "Europe/Moscow",
) -> Engineer:
    with transaction.atomic():
        user = register_customer(
            email=email,
            password=password,
            full_name=full_name,
            language=language,
            time_zone=time_zone,
        )
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        engineer = Engineer.objects.create(user=user, speaks_en=speaks_en, speaks_ru=speaks_ru)
        engineer.departments.set(Department.objects.filter(code__in=list(department_codes)))
    return engineer
