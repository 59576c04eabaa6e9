"""Satisfaction forms of the portal. They validate input; `desk.satisfaction.services` decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from desk.satisfaction.models import Score
from desk.satisfaction.services import MAX_COMMENT


class ScoreForm(forms.Form):
    score = forms.ChoiceField(
        label=_("How satisfied are you with our help?"),
        choices=Score.choices,
        widget=forms.RadioSelect,
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
