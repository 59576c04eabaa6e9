"""Console forms: queue filters and one small form per request action. Services decide."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Department, Engineer, Language
from desk.accounts.selectors import active_engineers, every_department
from desk.core.prepared import PreparedQuery
from desk.core.uploads import MultipleFileField
from desk.schedules.models import TimeOffKind
from desk.tickets.models import Status

QUEUE_VIEWS = [("new", pgettext_lazy("queue view", "New")), ("mine", _("Mine")), ("all", _("All"))]


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(label=_("Attachments"))


class QueueFilterForm(forms.Form):
    """GET filters of the queue; an unknown value falls back to "any" instead of an error."""

    view = forms.ChoiceField(label=_("View"), required=False, choices=QUEUE_VIEWS)
    department = forms.ChoiceField(label=_("Department"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any")), *Language.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any open")), *Status.choices]
    )
    hotrush = forms.ChoiceField(
        label=_("Hotrush"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Hotrush only")), ("no", _("Without Hotrush"))],
    )

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department_field = cast("forms.ChoiceField", self.fields["department"])
        language = get_language()
        department_field.choices = [
            ("", _("Any")),
            *((d.code, d.localized_name(language)) for d in departments),
        ]

    def selector_arguments(self) -> dict[str, Any]:
        """Keyword arguments for `desk.tickets.selectors.tickets_for_queue` (without engineer)."""
        self.is_valid()  # an invalid field is left out of cleaned_data; the others still apply
        data = self.cleaned_data
        hotrush = {"yes": True, "no": False}.get(data.get("hotrush", ""))
        return {
            "view": data.get("view") or "all",
            "department": data.get("department") or None,
            "language": data.get("language") or None,
            "status": data.get("status") or None,
            "hotrush": hotrush,
        }


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply to the customer"), widget=forms.Textarea)
    attachments = _attachments_field()
    status = forms.ChoiceField(
        label=_("Then set status"),
        required=False,
        choices=[
            ("", _("Automatic (waiting on customer)")),
            *((value, label) for value, label in Status.choices if value != Status.NEW),
        ],
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visible to engineers only, never to the customer."),
    )
    attachments = _attachments_field()


class _ReadOnce(forms.models.ModelChoiceIterator):
    """Choices read by one ordinary query, kept for the rest of the form's life. Django's own
    iterator streams them through `QuerySet.iterator()`: a server-side cursor on PostgreSQL
    (DECLARE … WITH HOLD, FETCH, CLOSE), for a few dozen rows on every request page."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def assignable_engineers() -> QuerySet[Engineer]:
    """Whom a request can be assigned to, in the order the lists show them."""
    return active_engineers().order_by("user__full_name", "user__email")


# The options show the id and the name (as `User.__str__` writes it): read only those, with
# the SQL compiled once (desk.core.prepared). Validating a choice reads the whole row.
_ASSIGNABLE_NAMES = PreparedQuery(
    Engineer,
    lambda: assignable_engineers().only("id", "user__full_name", "user__email"),
    arity=0,
)


class _EngineerNames(_ReadOnce):
    """The choices of `assignable_engineers()`, the queryset that the forms validate with."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in _ASSIGNABLE_NAMES.rows():
            yield self.choice(obj)


class _EngineerChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    iterator = _EngineerNames


class AssignForm(forms.Form):
    engineer = _EngineerChoice(
        label=_("Assignee"),
        queryset=Engineer.objects.none(),
        required=False,
        empty_label=_("Nobody (unassigned)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Engineer]", self.fields["engineer"])
        field.queryset = assignable_engineers()


class _Departments(_ReadOnce):
    """Every department (`every_department()`), the field's own queryset."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in every_department():
            yield self.choice(obj)


class _DepartmentChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A department by its code, among every department."""

    iterator = _Departments

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Department.objects.all(), to_field_name="code", **kwargs)

    def label_from_instance(self, obj: Department) -> str:  # type: ignore[override]
        return obj.localized_name(get_language())


class DepartmentForm(forms.Form):
    department = _DepartmentChoice(label=_("Department"))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class OutOfScopeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is out of scope"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The customer sees this reason. An incident credit is returned."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm this request is out of scope"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class BugForm(forms.Form):
    url = forms.URLField(
        label=_("Bug tracker link"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )


class QuoteForm(forms.Form):
    description = forms.CharField(
        label=_("Work quoted"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The customer sees this description and the amount, and is sent them by mail."),
    )
    amount = forms.DecimalField(
        label=_("Amount (USD)"),
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100000"),
    )
    reason = forms.CharField(
        label=_("Why it is out of scope"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed while the request is not ruled out of scope: it is ruled so with it."),
    )


class TimeOffForm(forms.Form):
    """An engineer's own days off or leave (whole days, in their schedule's time zone)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=TimeOffKind.choices)
    first_day = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class CannedReplyForm(forms.Form):
    """An engineer's personal canned reply; the service validates title, text and placeholders."""

    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Placeholders: {customer_name}, {ticket_number}, {engineer_name}, {store_url}, "
            "{reply_due}."
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    department = _DepartmentChoice(
        label=_("Department"),
        required=False,
        empty_label=_("Every department"),
    )


class CannedPickForm(forms.Form):
    canned = forms.IntegerField(label=_("Canned reply"), min_value=1, max_value=2**62)
    body = forms.CharField(required=False)


class BulkForm(forms.Form):
    """The queue's action bar: the ticked requests, and either an assignee or a status."""

    ACTIONS = (("assign", _("Assign")), ("status", _("Change status")))

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    engineer = _EngineerChoice(
        label=_("Assign the selected to"),
        queryset=Engineer.objects.none(),
        required=False,
        empty_label=_("Nobody (unassigned)"),
    )
    status = forms.ChoiceField(
        label=_("Set the status of the selected to"), choices=Status.choices, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Engineer]", self.fields["engineer"])
        field.queryset = assignable_engineers()

    def ticket_ids(self) -> list[int]:
        """The ticked request ids; the service checks each (access, state, guarantees)."""
        values = self.data.getlist("tickets") if hasattr(self.data, "getlist") else []
        return [int(value) for value in values if value.isdigit() and len(value) <= 12]
