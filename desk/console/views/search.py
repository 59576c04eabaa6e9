"""Engineer console: full-text search over every request (notes included), with filters."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from desk.accounts.models import Department, Engineer, Language
from desk.accounts.selectors import every_department
from desk.console.views.tickets import engineer_required
from desk.core.errors import DeskError
from desk.tickets import text_search
from desk.tickets.models import Status

PER_PAGE = 20
MAX_PAGE = 50  # 1,000 results: past that, refine the words or the filters


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    department = forms.ChoiceField(label=_("Department"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any")), *Language.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Status.choices]
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department_field = cast("forms.ChoiceField", self.fields["department"])
        language = get_language()
        department_field.choices = [
            ("", _("Any")),
            *((d.code, d.localized_name(language)) for d in departments),
        ]

    def values(self) -> dict[str, Any]:
        """Cleaned values; an invalid filter is left out (it means "any"), a bad page is 1."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": self.data.get("q", ""),
            "department": data.get("department") or None,
            "language": data.get("language") or None,
            "status": data.get("status") or None,
            "page": data.get("page") or 1,
        }


@engineer_required
@require_GET
def search(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    form = SearchForm(request.GET, departments=every_department())
    values = form.values()
    context: dict[str, Any] = {"form": form, "results": None, "error": None}
    if "q" in request.GET:
        tickets = text_search.tickets_for_search(
            department=values["department"], language=values["language"], status=values["status"]
        )
        try:
            results = text_search.search_requests(
                query=values["q"],
                tickets=tickets,
                customer=None,
                limit=PER_PAGE,
                offset=(values["page"] - 1) * PER_PAGE,
            )
        except DeskError as refused:
            context["error"] = refused.message
        else:
            context.update(_page_links(values, results))
    return render(request, "console/search.html", context)


def _page_links(values: dict[str, Any], results: text_search.RequestResults) -> dict[str, Any]:
    kept = {k: v for k, v in values.items() if k != "page" and v}
    page = values["page"]
    has_next = page < MAX_PAGE and results.total > page * PER_PAGE
    return {
        "results": results,
        "page": page,
        "previous_query": urlencode({**kept, "page": page - 1}) if page > 1 else None,
        "next_query": urlencode({**kept, "page": page + 1}) if has_next else None,
    }
