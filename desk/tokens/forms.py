"""The token form of the portal and the console: the same fields, checked again by the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from desk.core.errors import DeskError
from desk.tokens.models import TokenScope

EXPIRY_CHOICES = [
    ("30", _("In 30 days")),
    ("7", _("In 7 days")),
    ("90", _("In 90 days")),
    ("365", _("In a year")),
    ("", _("Never")),
]
_FIELD_FOR_CODE = {
    "invalid_token_name": "name",
    "invalid_token_scope": "scope",
    "invalid_token_expiry": "expires",
    "invalid_token_customer": "customer",
}


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What uses the token."))
    scope = forms.ChoiceField(label=_("Access"), choices=TokenScope.choices, initial="read")
    expires = forms.ChoiceField(label=_("Expires"), choices=EXPIRY_CHOICES, required=False)

    def __init__(self, *args: Any, service: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if service:
            self.fields["customer"] = forms.EmailField(
                label=_("Customer's email"),
                required=False,
                help_text=_("Empty: a service token with your engineer access."),
            )

    def expires_in_days(self) -> int | None:
        raw = self.cleaned_data.get("expires") or ""
        return int(raw) if raw else None

    def add_service_error(self, error: DeskError) -> None:
        self.add_error(_FIELD_FOR_CODE.get(error.code), error.message)
