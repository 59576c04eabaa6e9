"""The server access form of installation requests. It validates input; `desk.tickets.server_access`
decides (and checks again). The secret is never rendered back into a page, even after an error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from desk.core.errors import DeskError
from desk.tickets.server_access import (
    HOST_MAX,
    NOTES_MAX,
    SECRET_MAX,
    USERNAME_MAX,
    Protocol,
    check_details,
)


class SecretTextarea(forms.Textarea):
    """A textarea (private keys span lines) that never echoes what was typed."""

    def format_value(self, value: Any) -> str | None:
        return None


_NO_AUTOFILL = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}


class ServerAccessForm(forms.Form):
    """With `optional`, an empty form is valid and `details()` is None (the new-request form);
    otherwise the server address is required."""

    host = forms.CharField(
        label=_("Server address"),
        max_length=HOST_MAX,
        required=False,
        help_text=_("Host name, IP address or control panel URL, with the port if not standard."),
        widget=forms.TextInput(attrs=_NO_AUTOFILL),
    )
    protocol = forms.ChoiceField(label=_("Access type"), choices=Protocol.choices)
    username = forms.CharField(
        label=_("User name"),
        max_length=USERNAME_MAX,
        required=False,
        widget=forms.TextInput(attrs=_NO_AUTOFILL),
    )
    secret = forms.CharField(
        label=_("Password or private key"),
        max_length=SECRET_MAX,
        required=False,
        strip=False,
        widget=SecretTextarea(attrs={**_NO_AUTOFILL, "rows": 3}),
    )
    notes = forms.CharField(
        label=_("Notes for the engineer"),
        max_length=NOTES_MAX,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, optional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.fields["host"].required = not optional
        self.fields["protocol"].required = not optional

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_empty(data):
            return data
        try:
            check_details(data)
        except DeskError as error:
            self.add_error(None, error.message)
        return data

    def is_empty(self, data: dict[str, Any]) -> bool:
        """Nothing typed into an optional form (the access type alone has a default)."""
        filled = [data.get(name) for name in ("host", "username", "secret", "notes")]
        return self.optional and not any(value and str(value).strip() for value in filled)

    def details(self) -> dict[str, str] | None:
        """The details for `attach_server_access`, or None when an optional form is empty."""
        data = self.cleaned_data
        if self.is_empty(data):
            return None
        names = ("host", "protocol", "username", "secret", "notes")
        return {name: data.get(name) or "" for name in names}
