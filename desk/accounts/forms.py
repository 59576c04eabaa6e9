"""The sign-in form logic shared by the portal and the admin: throttling is explained (how long
to wait), staff give their two-factor code in the same form, and a refusal never says whether
the email, the password or the code was wrong."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from desk.accounts.backends import THROTTLED_ATTRIBUTE
from desk.accounts.emails import canonical_email

THROTTLED_CODE = "signin_throttled"


def throttled_message(seconds: int) -> str:
    if seconds < 120:
        return ngettext(
            "Too many failed sign-ins. Try again in %(count)d second.",
            "Too many failed sign-ins. Try again in %(count)d seconds.",
            seconds,
        ) % {"count": seconds}
    minutes = (seconds + 59) // 60
    return ngettext(
        "Too many failed sign-ins. Try again in %(count)d minute.",
        "Too many failed sign-ins. Try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


def otp_field() -> forms.CharField:
    return forms.CharField(
        label=_("Two-factor code"),
        required=False,
        max_length=12,
        help_text=_("Only if you turned on two-factor sign-in (staff)."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ThrottledSignInMixin(forms.Form):
    """For Django's AuthenticationForm and its subclasses (`request`, `user_cache`)."""

    request: Any
    user_cache: Any

    def clean_username(self) -> str:
        return canonical_email(str(self.cleaned_data["username"]))

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            otp = str(self.cleaned_data.get("otp") or "")
            self.user_cache = authenticate(
                self.request, username=username, password=password, otp=otp
            )
            if self.user_cache is None:
                wait = int(getattr(self.request, THROTTLED_ATTRIBUTE, 0) or 0)
                if wait:
                    raise ValidationError(throttled_message(wait), code=THROTTLED_CODE)
                raise self.get_invalid_login_error()  # type: ignore[attr-defined]
            self.confirm_login_allowed(self.user_cache)  # type: ignore[attr-defined]
        return self.cleaned_data

    @property
    def is_throttled(self) -> bool:
        return any(error.code == THROTTLED_CODE for error in self.non_field_errors().as_data())


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    otp = otp_field()
