"""The console's article form. Field checks stay in `desk.kb.checks` (codes + messages)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Language
from desk.kb.checks import MAX_BODY, MAX_DESCRIPTION, MAX_SLUG, MAX_TITLE, TranslationInput
from desk.kb.models import ArticleStatus, Audience, Category


class ArticleForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    slug = forms.CharField(
        label=_("Address"),
        max_length=MAX_SLUG,
        required=False,
        help_text=_("Latin letters, digits and hyphens; empty: made from the title."),
    )
    description = forms.CharField(
        label=_("Summary"),
        max_length=MAX_DESCRIPTION,
        required=False,
        help_text=_("One or two sentences: shown in lists and to search engines."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Markdown: **bold**, lists, `code`, [links](https://…). HTML is shown as text."
        ),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )
    audience = forms.ChoiceField(label=_("Who may read it"), choices=Audience.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ArticleStatus.choices)

    def translation_input(self) -> TranslationInput:
        data = self.cleaned_data
        return TranslationInput(
            language=data["language"],
            title=data["title"],
            body=data["body"],
            slug=data["slug"],
            description=data["description"],
            status=data["status"],
        )

    def category_id(self) -> int | None:
        category = self.cleaned_data.get("category")
        return category.pk if category is not None else None
