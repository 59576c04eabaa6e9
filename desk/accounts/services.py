"""Every state change of people: registration, preferences, engineer profiles."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from desk.accounts import errors
from desk.accounts.models import Department, Engineer, Language, User


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
    normalized = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=normalized).exists():
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


def update_preferences(*, user: User, full_name: str, language: str, time_zone: str) -> User:
    """Save what the user sees: name, language of pages and emails, time zone of every time."""
    check_language(language)
    check_time_zone(time_zone)
    user.full_name = full_name.strip()
    user.language = language
    user.time_zone = time_zone
    user.save(update_fields=["full_name", "language", "time_zone"])
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
