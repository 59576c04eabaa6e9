"""Request forms of the portal. They validate input; `desk.tickets.services` decides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Language, User
from desk.catalog.models import IncidentPriority
from desk.core.errors import DeskError
from desk.core.uploads import MultipleFileField
from desk.stores.models import Store
from desk.stores.selectors import stores_of
from desk.tickets.models import Status
from desk.tickets.scope import Category


def attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Attachments"),
        help_text=_("Optional: screenshots, logs. Several files may be selected."),
    )


class ServiceErrorMixin:
    """Put a refusal from a service on the field it concerns, else above the form."""

    field_for_error_code: dict[str, str] = {}

    def add_service_error(self, error: DeskError) -> None:
        field = self.field_for_error_code.get(error.code)
        if field is None and "attachment" in error.code:
            field = "attachments"
        self.add_error(field, error.message)  # type: ignore[attr-defined]


class TicketForm(ServiceErrorMixin, forms.Form):
    field_for_error_code = {"hotrush_not_allowed": "is_hotrush", "store_not_found": "store"}

    store = forms.ModelChoiceField(
        label=_("Store"),
        queryset=Store.objects.none(),
        empty_label=None,
        help_text=_("The store this request is about; its coverage is shown below."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What happened, what you expected, and the steps to see it."),
    )
    # Its help text links the scope page, so the template writes it (id "<auto_id>_helptext").
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Category.choices,
        widget=forms.Select(attrs={"aria-describedby": "id_category_helptext"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the conversation"),
        choices=Language.choices,
        # The expectation counts the engineers who speak it: refresh it when it changes.
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("portal:ticket_coverage"),
                "hx-trigger": "change",
                "hx-target": "#coverage",
                "hx-include": "[name='store']",
            }
        ),
    )
    is_hotrush = forms.BooleanField(
        label=_("Hotrush"),
        required=False,
        help_text=_(
            "First reply within 2 working hours instead of 1 business day. Allowed on "
            "subscriptions and Urgent incidents, not on Normal incidents."
        ),
    )
    credit_priority = forms.ChoiceField(
        label=_("Incident credit to use"),
        required=False,
        choices=[("", _("Choose automatically")), *IncidentPriority.choices],
    )
    attachments = attachments_field()

    def __init__(self, *args: Any, customer: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": customer.language})
        super().__init__(*args, **kwargs)
        store_field = cast("forms.ModelChoiceField[Store]", self.fields["store"])
        store_field.queryset = stores_of(customer)

    def service_arguments(self) -> dict[str, Any]:
        """Keyword arguments for `desk.tickets.services.open_ticket` (without `customer`)."""
        data = self.cleaned_data
        return {
            "store": data["store"],
            "subject": data["subject"].strip(),
            "body": data["body"],
            "category": data["category"],
            "language": data["language"],
            "is_hotrush": data["is_hotrush"],
            "credit_priority": data["credit_priority"] or None,
            "attachments": data["attachments"],
        }


class ReplyForm(ServiceErrorMixin, forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = attachments_field()


CUSTOMER_STATUSES: Sequence[tuple[str, Any]] = [
    (Status.RESOLVED.value, Status.RESOLVED.label),
    (Status.CLOSED.value, Status.CLOSED.label),
]


class CustomerStatusForm(forms.Form):
    """A customer may mark a request resolved or close it; the service checks the transition."""

    status = forms.ChoiceField(choices=CUSTOMER_STATUSES)


class TicketFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
