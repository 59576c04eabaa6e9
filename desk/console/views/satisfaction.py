"""Customer satisfaction in the console: the CSAT report (table and CSV) and the follow-ups of
bad scores for team leads. Engineers only; the aggregate is `desk.reports.satisfaction`."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from desk.accounts.models import Engineer
from desk.console.views.reports import WEEK_CHOICES, DateRangeForm, csv_attachment
from desk.console.views.tickets import engineer_required
from desk.core import clock
from desk.core.errors import DeskError
from desk.reports.export import csv_bytes
from desk.reports.satisfaction import DIMENSIONS, CsatReport, Dimension, satisfaction_by
from desk.satisfaction import services
from desk.satisfaction.selectors import follow_ups

DIMENSION_LABELS = {
    "engineer": pgettext_lazy("csat", "Engineer"),
    "plan": pgettext_lazy("csat", "Plan"),
    "department": pgettext_lazy("csat", "Department"),
    "week": pgettext_lazy("csat", "Week"),
}


def _report(request: HttpRequest) -> tuple[CsatReport, int, DateRangeForm, datetime, datetime]:
    """The report the query asks for; unknown values fall back to the defaults."""
    raw_dimension = request.GET.get("by", "engineer")
    dimension: Dimension = next((d for d in DIMENSIONS if d == raw_dimension), "engineer")
    raw = request.GET.get("weeks", "")
    weeks = int(raw) if raw.isascii() and raw.isdigit() and int(raw) in WEEK_CHOICES else 12
    now = clock.now()
    dates = DateRangeForm(request.GET)
    since, until = dates.period() or (now - timedelta(weeks=weeks), now)
    report = satisfaction_by(
        dimension=dimension,
        since=since,
        until=until,
        zone=timezone.get_current_timezone(),
        language=get_language() or "en",
    )
    return report, weeks, dates, since, until


@engineer_required
@require_GET
def satisfaction_report(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    report, weeks, dates, _since, _until = _report(request)
    context = {
        "report": report,
        "weeks": weeks,
        "week_choices": WEEK_CHOICES,
        "dimensions": [(name, DIMENSION_LABELS[name]) for name in DIMENSIONS],
        "dimension_label": DIMENSION_LABELS[report.dimension],
        "dates": dates,
        "csv_query": request.GET.urlencode(),
    }
    return render(request, "console/reports/satisfaction.html", context)


@engineer_required
@require_GET
def satisfaction_csv(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    """The same rows as the page, as CSV (`desk.reports.export`: a header row, the total last)."""
    report, _weeks, _dates, since, until = _report(request)
    header = [str(DIMENSION_LABELS[report.dimension]), _("Good"), _("Okay"), _("Bad")]
    header += [_("Scores"), _("CSAT %")]
    rows = [
        [row.label, row.good, row.okay, row.bad, row.total, row.csat]
        for row in [*report.rows, report.total]
    ]
    name = f"csat-{report.dimension}-{since:%Y%m%d}-{until:%Y%m%d}"
    return csv_attachment(csv_bytes(header, rows), name, dated=False)


@engineer_required
@require_GET
def csat_follow_ups(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    show_all = request.GET.get("all") == "1"
    rows = list(follow_ups(open_only=not show_all)[:200])
    context = {"follow_ups": rows, "show_all": show_all}
    return render(request, "console/reports/csat_follow_ups.html", context)


@engineer_required
@require_POST
def csat_follow_up_done(
    request: HttpRequest, engineer: Engineer, follow_up_id: int
) -> HttpResponse:
    try:
        services.close_follow_up(
            follow_up_id=follow_up_id, by=engineer.user, note=request.POST.get("note", "")
        )
    except DeskError as error:
        if error.status == 404:
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Follow-up marked done."))
    return redirect("console:csat_follow_ups")
