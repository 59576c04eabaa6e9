"""People: users (customers sign in with email), engineers and departments."""

from __future__ import annotations

import functools
import re
import zoneinfo
from datetime import datetime, timedelta
from typing import Any, ClassVar

from babel.core import get_global
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from desk.accounts.emails import canonical_email
from desk.core import clock, formatting, sealing


class Language(models.TextChoices):
    EN = "en", _("English")
    RU = "ru", _("Russian")


# The regions of the IANA database where people live; "Etc/GMT+5" (whose sign is inverted),
# "Factory", "localtime", "EST5EDT" and the legacy "US/Eastern" style names are left out.
TIME_ZONE_REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


@functools.cache
def curated_time_zones() -> tuple[str, ...]:
    """UTC and the canonical zones of the regions where people live: no links to other zones
    ("Europe/Kiev" is "Europe/Kyiv", per CLDR's aliases), no zones for machines."""
    aliases = get_global("zone_aliases")
    zones = (
        name
        for name in zoneinfo.available_timezones()
        if name.split("/", 1)[0] in TIME_ZONE_REGIONS and "/" in name and name not in aliases
    )
    return ("UTC", *sorted(zones))


def time_zone_choices() -> list[tuple[str, str]]:
    """The curated zones named as people name them, by their city in the current language,
    each with its current offset ("Berlin (UTC+01:00)", "Берлин (UTC+01:00)"; never the IANA
    id), UTC first and then in the order of those names, so typing a city's first letters in
    the list finds it. CLDR gives each curated zone its own city name."""
    now = clock.now()
    language = get_language()
    named = [
        (name, f"{formatting.format_time_zone(name, language=language)} ({_offset(now, name)})")
        for name in curated_time_zones()
    ]
    return [named[0], *sorted(named[1:], key=lambda choice: choice[1].casefold())]


def _offset(now: datetime, name: str) -> str:
    offset = now.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=canonical_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. Users with an `engineer` profile are engineers; others customers."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Moscow")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=clock.now)
    # Set when the owner of the address followed the sign-up link; an account that signed up
    # and never did stays inactive (and a new sign-up for the address replaces its details).
    email_verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@", 1)[0]

    @property
    def is_engineer(self) -> bool:
        return hasattr(self, "engineer") and self.engineer.is_active


class Department(models.Model):
    """Technical Support, Customer Service, Sales (PRODUCT.md §7); addresses are configuration."""

    class Channel(models.TextChoices):
        HELPDESK = "helpdesk", _("HelpDesk only")
        HELPDESK_EMAIL = "helpdesk_email", _("HelpDesk or email")
        EMAIL = "email", _("Email")

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name (English)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    email = models.EmailField(_("address"))
    channel = models.CharField(_("reached by"), max_length=20, choices=Channel.choices)
    accepts_requests = models.BooleanField(_("accepts web requests"), default=True)
    # Technical Support answers only under a subscription or an incident credit; Customer
    # Service and Sales answer anyone, prospects included, and spend nothing (PRODUCT.md §7).
    requires_entitlement = models.BooleanField(_("requires a support entitlement"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "id")
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str) -> str:
        return self.name_ru if language == Language.RU and self.name_ru else self.name


class ContactLine(models.Model):
    """A phone line of a department as the vendor publishes it ("US toll-free",
    "1-800-657-7957"); pages link it as `tel:` with its E.164 form."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="contact_lines"
    )
    label = models.CharField(_("label (English)"), max_length=60)
    label_ru = models.CharField(_("label (Russian)"), max_length=60, blank=True)
    number = models.CharField(
        _("number as published"),
        max_length=40,
        help_text=_("With the country code, e.g. 1-800-657-7957 or +7 (499) 608-8900."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("department", "sort_order", "id")
        verbose_name = _("contact line")
        verbose_name_plural = _("contact lines")

    def __str__(self) -> str:
        return f"{self.label}: {self.number}"

    def clean(self) -> None:
        if not E164_DIGITS.fullmatch(phone_digits(self.number)):
            raise ValidationError(
                {"number": _("Give the number with its country code: 8 to 15 digits.")}
            )

    @property
    def tel_href(self) -> str:
        """`tel:+18006577957`: the number as dialled from anywhere (E.164)."""
        return f"tel:+{phone_digits(self.number)}"

    def localized_label(self, language: str) -> str:
        return self.label_ru if language == Language.RU and self.label_ru else self.label


E164_DIGITS = re.compile(r"[1-9][0-9]{7,14}")


def phone_digits(number: str) -> str:
    """The digits of a published number: "+7 (499) 608-8900" -> "74996088900"."""
    return "".join(ch for ch in number if ch.isascii() and ch.isdigit())


class Engineer(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="engineer")
    departments = models.ManyToManyField(Department, related_name="engineers", blank=True)
    speaks_en = models.BooleanField(_("speaks English"), default=True)
    speaks_ru = models.BooleanField(_("speaks Russian"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("engineer")
        verbose_name_plural = _("engineers")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def languages(self) -> list[str]:
        return [code for code, ok in (("en", self.speaks_en), ("ru", self.speaks_ru)) if ok]


class SignInThrottle(models.Model):
    """Failed sign-ins per account and per client address (`key`), shared by every process
    through the database. `desk.accounts.throttle` grows the wait after each failure and locks
    the key for a while after many; a success clears the account's key."""

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(default=clock.now)
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class StaffTotp(models.Model):
    """A staff member's TOTP authenticator (RFC 6238). `confirmed_at` is set once the first code
    was right; `last_counter` is the time step of the last accepted code (no replay)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    # The base32 secret, sealed at rest (`desk.core.sealing`) and bound to the user: read and set
    # through `secret`; a copied blob does not open on another row.
    key_id = models.CharField(max_length=16)
    sealed_secret = models.BinaryField()
    created_at = models.DateTimeField(default=clock.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("two-factor authenticator")
        verbose_name_plural = _("two-factor authenticators")

    def __str__(self) -> str:
        return f"TOTP of {self.user}"

    def __repr__(self) -> str:  # never the secret
        return f"<StaffTotp user={self.user_id} confirmed={bool(self.confirmed_at)}>"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def _context(self) -> bytes:
        if self.user_id is None:
            raise ValueError("a TOTP secret belongs to a user: set the user first")
        return b"supportdesk/staff-totp/user:%d" % self.user_id

    @property
    @sensitive_variables()
    def secret(self) -> str:
        what = f"the authenticator of user {self.user_id}"
        blob = bytes(self.sealed_secret)
        return sealing.unseal(self.key_id, blob, context=self._context(), what=what).decode()

    @secret.setter
    @sensitive_variables()
    def secret(self, value: str) -> None:
        self.key_id, self.sealed_secret = sealing.seal(value.encode(), context=self._context())
