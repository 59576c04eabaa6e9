"""Sign-up, sign-in, password reset and preference forms. They validate input; services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    SetPasswordMixin,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from desk.accounts.emails import canonical_email
from desk.accounts.forms import ThrottledSignInMixin, otp_field
from desk.accounts.models import Language, User, time_zone_choices
from desk.core.errors import DeskError
from desk.outbox.services import enqueue_mail

DEFAULT_TIME_ZONE = "Europe/Moscow"

if TYPE_CHECKING:  # generic only in django-stubs, not at runtime
    _PasswordFields = SetPasswordMixin[User]
    _SetPasswordForm = SetPasswordForm[User]
else:
    _PasswordFields = SetPasswordMixin
    _SetPasswordForm = SetPasswordForm

# Which field a service error belongs to; anything else is shown above the form.
_FIELD_FOR_ERROR_CODE = {
    "email_taken": "email",
    "invalid_time_zone": "time_zone",
    "invalid_language": "language",
}


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language"),
        choices=Language.choices,
        help_text=_("Pages and emails are shown in this language."),
    )


def _time_zone_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        error_messages={"invalid_choice": _("Unknown time zone.")},
        help_text=_("Every date and time is shown in this time zone."),
    )


def _plain_password_help() -> str:
    """The validators' rules as one sentence: the HTML list Django offers cannot sit in a <p>."""
    return " ".join(str(text) for text in password_validation.password_validators_help_texts())


class DeskForm(forms.Form):
    def add_service_error(self, error: DeskError) -> None:
        """Put a refusal from a service on the field it concerns instead of failing the request."""
        self.add_error(_FIELD_FOR_ERROR_CODE.get(error.code), error.message)


class SignupForm(_PasswordFields, DeskForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()
    language = _language_field()
    time_zone = _time_zone_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = _plain_password_help()

    def clean_email(self) -> str:
        return canonical_email(str(self.cleaned_data["email"]))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.validate_passwords()
        # An unsaved user lets the similarity validator compare the password with the account.
        candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
        self.validate_password_for_user(candidate)
        return cleaned

    def registration(self) -> dict[str, str]:
        """Keyword arguments for `desk.accounts.services.register_customer`."""
        data = self.cleaned_data
        return {
            "email": data["email"],
            "password": data["password1"],
            "full_name": data["full_name"],
            "language": data["language"],
            "time_zone": data["time_zone"],
        }


class PreferencesForm(DeskForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    language = _language_field()
    time_zone = _time_zone_field()


class EmailAuthenticationForm(ThrottledSignInMixin, AuthenticationForm):
    """Django's sign-in form with the username presented (and normalised) as an email, the
    throttle's wait explained, and the staff's two-factor code."""

    username = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    otp = otp_field()


class NewPasswordForm(_SetPasswordForm):
    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].help_text = _plain_password_help()


class LocalizedPasswordResetForm(PasswordResetForm):
    """Sends the reset email in the language of the account, not of the page that asked. The
    address is compared in its canonical form (NFKC + casefold); Django then keeps only accounts
    whose stored address is equal in that form, and mails the stored address, never the typed
    one (a look-alike such as a dotless "ı" never gets a link)."""

    def clean_email(self) -> str:
        return canonical_email(str(self.cleaned_data["email"]))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Queue the reset link through the outbox: in the account's language, sent once."""
        user = context["user"]
        reset_path = reverse(
            "portal:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        enqueue_mail(
            event_key=f"password-reset:{context['uid']}:{context['token']}",
            recipient=user,
            template="password_reset",
            context={
                "customer_name": user.display_name,
                "reset_url": settings.SITE_URL.rstrip("/") + reset_path,
            },
        )
