"""Stores and checkout forms. They validate input; `desk.stores` and `desk.billing` decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from desk.billing.providers import PaymentProvider
from desk.billing.services import MAX_QUANTITY
from desk.catalog.models import Plan
from desk.core.errors import DeskError
from desk.stores.canonical import MAX_INPUT
from desk.stores.models import Store

_URL_ATTRS = {
    "inputmode": "url",
    "autocomplete": "url",
    "spellcheck": "false",
    "placeholder": "https://shop.example.com",
}


def _url_field(label: str | Any, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_INPUT,
        required=required,
        # Not type=url: browsers would refuse "shop.example.com" without a scheme.
        widget=forms.TextInput(attrs=_URL_ATTRS),
        help_text=_("The web address of your store. One subscription covers one store."),
    )


class StoreChoiceField(forms.ModelChoiceField[Store]):
    def label_from_instance(self, obj: Store) -> str:
        return obj.canonical_url


class AddStoreForm(forms.Form):
    url = _url_field(_("Store address"), required=True)

    def add_service_error(self, error: DeskError) -> None:
        self.add_error("url", error.message)


class BuyForm(forms.Form):
    """A subscription names its store (chosen or typed in); incidents name a quantity. The
    payment method is a choice only when more than one provider is enabled."""

    def __init__(
        self,
        *args: Any,
        plan: Plan,
        stores: QuerySet[Store],
        providers: list[PaymentProvider],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.providers = providers
        if len(providers) > 1:
            self.fields["provider"] = forms.ChoiceField(
                label=_("Payment method"),
                choices=[(p.code, p.label) for p in providers],
                initial=providers[0].code,
                widget=forms.RadioSelect,
                # A post without a choice (older pages, scripts) keeps paying by invoice.
                required=False,
            )
        if plan.is_subscription:
            self.fields["store"] = StoreChoiceField(
                queryset=stores,
                required=False,
                label=_("Store"),
                empty_label=_("A new store (enter its address below)"),
            )
            self.fields["new_store_url"] = _url_field(_("New store address"), required=False)
        else:
            self.fields["quantity"] = forms.IntegerField(
                label=_("Number of incidents"), min_value=1, max_value=MAX_QUANTITY, initial=1
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.plan.is_subscription:
            cleaned["new_store_url"] = (cleaned.get("new_store_url") or "").strip()
            if not cleaned.get("store") and not cleaned["new_store_url"]:
                self.add_error(
                    "store", _("Choose one of your stores or enter the address of a new one.")
                )
        if not cleaned.get("provider"):
            cleaned["provider"] = "offline" if len(self.providers) > 1 else self.providers[0].code
        return cleaned

    def add_service_error(self, error: DeskError) -> None:
        field = {
            "invalid_store_url": "new_store_url",
            "store_taken": "new_store_url",
            "store_required": "store",
            "store_not_found": "store",
            "invalid_quantity": "quantity",
            "unknown_provider": "provider",
        }.get(error.code)
        self.add_error(field if field in self.fields else None, error.message)
