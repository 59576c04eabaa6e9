"""Engineer console reports, all derived from stored history with a fixed number of queries.

Engineers only (anyone else gets 404, as everywhere in the console), with one exception:
revenue is also open to superusers, like the orders pages it sums (`staff_required`). The
aggregates live in `desk.reports`; these views read parameters, call one selector and render.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from desk.accounts.models import Engineer, User
from desk.console.views.orders import staff_required
from desk.console.views.tickets import engineer_required
from desk.core import clock
from desk.entitlements.periods import BUSINESS_ZONE
from desk.entitlements.services import clear_fair_use_flag
from desk.reports.backlog import age_chart, backlog, daily_chart
from desk.reports.calls import calls_by_plan
from desk.reports.distribution import REPLY_LABELS, format_duration
from desk.reports.fair_use import Thresholds, fair_use_overview, subscription_exists
from desk.reports.reply_times import reply_time_chart, reply_time_distribution
from desk.reports.revenue import KIND_LABELS, KINDS, revenue_by_month, revenue_chart
from desk.tickets.clock.attainment import sla_attainment

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_REPLY_WEEKS = 8


@engineer_required
@require_GET
def index(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    return render(request, "console/reports/index.html")


@engineer_required
@require_GET
def sla_report(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    raw = request.GET.get("weeks", "")
    weeks = int(raw) if raw.isascii() and raw.isdigit() and int(raw) in WEEK_CHOICES else 12
    first_only = request.GET.get("replies") != "all"
    now = clock.now()
    dates = DateRangeForm(request.GET)
    since, until = dates.period() or (now - timedelta(weeks=weeks), now + timedelta(weeks=1))
    report = sla_attainment(
        since=since, until=until, zone=timezone.get_current_timezone(), first_only=first_only
    )
    sections = [
        ("plan", report.by_plan),
        ("hotrush", report.by_hotrush),
        ("department", report.by_department),
        ("week", report.by_week),
    ]
    context = {
        "report": report,
        "sections": sections,
        "weeks": weeks,
        "week_choices": WEEK_CHOICES,
        "first_only": first_only,
        "dates": dates,
    }
    return render(request, "console/sla_report.html", context)


class DateRangeForm(forms.Form):
    """An explicit period of whole days in the viewer's time zone (both ends included); when it
    is absent or invalid the page keeps its "last N weeks" period and says so."""

    since = forms.DateField(label=pgettext_lazy("period", "From"), required=False)
    until = forms.DateField(label=pgettext_lazy("period", "To"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if (since is None) != (until is None):
            raise forms.ValidationError(_("Give both dates of the period."), code="incomplete")
        if since is not None and until is not None and since > until:
            raise forms.ValidationError(_("The period ends before it starts."), code="reversed")
        return cleaned

    def period(self) -> tuple[datetime, datetime] | None:
        """`[since 00:00, the day after until 00:00)` in the current time zone, or None."""
        if not self.is_valid() or self.cleaned_data.get("since") is None:
            return None
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.cleaned_data["since"], time.min, tzinfo=zone)
        end = datetime.combine(
            self.cleaned_data["until"] + timedelta(days=1), time.min, tzinfo=zone
        )
        return start, end


class WeeksForm(forms.Form):
    weeks = forms.IntegerField(
        label=gettext_lazy("Weeks"), min_value=1, max_value=52, required=False
    )

    def clean_weeks(self) -> int | None:
        weeks: int | None = self.cleaned_data["weeks"]
        if not str(self.data.get("weeks", "")).isascii():  # int() would read other scripts' digits
            raise forms.ValidationError(_("Enter a whole number."), code="invalid")
        return weeks


@engineer_required
@require_GET
def reply_times(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    """A bad `weeks` is shown as a form error over the default period, never a failure."""
    form = WeeksForm(request.GET)
    weeks = (form.cleaned_data["weeks"] if form.is_valid() else None) or DEFAULT_REPLY_WEEKS
    now = clock.now()
    dates = DateRangeForm(request.GET)
    since, until = dates.period() or (now - timedelta(weeks=weeks), now)
    report = reply_time_distribution(since=since, until=until)
    rows = [
        {
            "label": label,
            "counts": [group.counts[index] for group in report.groups],
            "total": report.overall.counts[index],
        }
        for index, label in enumerate(REPLY_LABELS)
    ]
    summaries = [
        (group, format_duration(group.median), format_duration(group.p90))
        for group in (*report.groups, report.overall)
    ]
    context = {
        "form": form,
        "dates": dates,
        "weeks": weeks,
        "report": report,
        "rows": rows,
        "summaries": summaries,
        "chart": reply_time_chart(report),
    }
    return render(request, "console/reports/reply_times.html", context)


@engineer_required
@require_GET
def backlog_report(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    report = backlog(
        now=clock.now(), zone=timezone.get_current_timezone(), language=get_language() or "en"
    )
    context = {
        "report": report,
        "daily_chart": daily_chart(report),
        "age_chart": age_chart(report),
    }
    return render(request, "console/reports/backlog.html", context)


@engineer_required
@require_GET
def fair_use(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    thresholds = Thresholds(
        window_days=settings.DESK_FAIR_USE_WINDOW_DAYS,
        max_requests=settings.DESK_FAIR_USE_MAX_REQUESTS,
        max_replies=settings.DESK_FAIR_USE_MAX_REPLIES,
    )
    report = fair_use_overview(now=clock.now(), thresholds=thresholds)
    return render(request, "console/reports/fair_use.html", {"report": report})


@engineer_required
@require_POST
def fair_use_clear(request: HttpRequest, engineer: Engineer, subscription_id: int) -> HttpResponse:
    if not subscription_exists(subscription_id):
        raise Http404
    note = request.POST.get("note", "").strip()
    if clear_fair_use_flag(subscription_id=subscription_id, by=engineer.user, note=note):
        messages.success(request, _("Fair-use flag cleared: the usage is accepted."))
    else:
        messages.info(request, _("This subscription was not flagged (any more)."))
    return redirect("console:fair_use")


@staff_required
@require_GET
def revenue(request: HttpRequest, user: User) -> HttpResponse:
    """Paid orders by month in the business zone (Moscow), whatever the viewer's zone."""
    today = clock.now().astimezone(BUSINESS_ZONE).date()
    currencies = revenue_by_month(today=today, zone=BUSINESS_ZONE)
    context = {
        "currencies": [(revenue, revenue_chart(revenue)) for revenue in currencies],
        "kinds": [(kind, KIND_LABELS[kind]) for kind in KINDS],
        "zone": str(BUSINESS_ZONE),
    }
    return render(request, "console/reports/revenue.html", context)


CALL_REPORT_DAYS = (7, 30, 90, 365)


@engineer_required
@require_GET
def calls_report(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    """Calls by plan whose slot lies in the last `days` days (30 unless 7, 90 or 365)."""
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in CALL_REPORT_DAYS else 30
    now = clock.now()
    report = calls_by_plan(
        start=now - timedelta(days=days), end=now, language=get_language() or "en"
    )
    context = {"report": report, "days": days, "choices": CALL_REPORT_DAYS}
    return render(request, "console/reports/calls.html", context)
