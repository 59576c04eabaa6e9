"""The contact form: anyone writes to Customer Service or Sales, no entitlement needed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Department, Language
from desk.accounts.selectors import departments_without_entitlement
from desk.portal.forms.tickets import ServiceErrorMixin, attachments_field


class DepartmentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Department) -> str:  # type: ignore[override]
        return obj.localized_name(get_language() or Language.EN)


class ContactForm(ServiceErrorMixin, forms.Form):
    """Name and email only for visitors: a signed-in customer writes as their account."""

    field_for_error_code = {
        "invalid_subject": "subject",
        "invalid_body": "body",
        "invalid_email": "email",
        "department_needs_entitlement": "department",
    }

    name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We answer to this address, with a link to follow your request."),
    )
    department = DepartmentChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        to_field_name="code",
        empty_label=None,
        help_text=_("Sales: questions before you buy. Customer Service: billing and your account."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = departments_without_entitlement()
        if signed_in:
            del self.fields["name"]
            del self.fields["email"]


class VisitorReplyForm(ServiceErrorMixin, forms.Form):
    """A visitor's reply on their follow-up page, with files as a customer's reply has."""

    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = attachments_field()
