"""The customer's answer to a quote. `desk.tickets.quotes` decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from desk.billing.providers import PaymentProvider


class QuoteAcceptForm(forms.Form):
    """Accepting is paying: the button pressed names the payment method."""

    provider = forms.ChoiceField(
        label=_("Payment method"),
        error_messages={
            "required": _("Choose how to pay."),
            "invalid_choice": _("This payment method is not available."),
        },
    )

    def __init__(self, *args: Any, providers: list[PaymentProvider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  # narrows the type
        field.choices = [(p.code, p.label) for p in providers]
