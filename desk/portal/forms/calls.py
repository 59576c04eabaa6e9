"""Asking for a live call, rescheduling, cancelling. `desk.calls.services` decides; these only
read the input, and show the offered slots in the customer's own zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import groupby
from typing import Any

from django import forms
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from desk.calls import rules
from desk.calls.models import HandleKind
from desk.calls.selectors import Slot
from desk.core import formatting


class SlotsField(forms.MultipleChoiceField):
    """Preferred starts as UTC ISO values; any well-formed time passes here (the service says
    whether it can hold a call), so a slot taken meanwhile gets the service's clear answer."""

    def valid_value(self, value: Any) -> bool:
        return True

    def clean(self, value: Any) -> list[datetime]:  # type: ignore[override]
        values = super().clean(value)
        try:
            return [datetime.fromisoformat(str(v)) for v in values]
        except ValueError:
            raise forms.ValidationError(_("Choose from the offered times.")) from None


def slot_choices(slots: Sequence[Slot]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Slots grouped by the viewer's local day (the active time zone)."""
    choices = []
    for day, group in groupby(slots, key=lambda slot: localtime(slot.starts_at).date()):
        label = formatting.format_weekday_day(day)
        times = [
            (slot.starts_at.isoformat(), formatting.format_clock(slot.starts_at)) for slot in group
        ]
        choices.append((label, times))
    return choices


class CallRequestForm(forms.Form):
    handle_kind = forms.ChoiceField(label=_("Contact by"), choices=HandleKind.choices)
    handle = forms.CharField(
        label=_("Skype ID, video-call link or phone number"),
        max_length=500,
        help_text=_("A phone number in international form, e.g. +4930123456."),
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Length"),
        coerce=int,
        choices=lambda: [
            (m, ngettext("%(count)d minute", "%(count)d minutes", m) % {"count": m})
            for m in rules.DURATIONS
        ],
        initial=30,
    )
    windows = SlotsField(
        label=_("Preferred times (choose one to three)"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, slots: Sequence[Slot] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["windows"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101  # narrows the type
        field.choices = slot_choices(slots)


class CallRescheduleForm(forms.Form):
    windows = SlotsField(
        label=_("New preferred times (choose one to three)"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, slots: Sequence[Slot] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["windows"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101  # narrows the type
        field.choices = slot_choices(slots)
