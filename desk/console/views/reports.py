"""Engineer console reports, all derived from stored history with a fixed number of queries.

Engineers only (anyone else gets 404, as everywhere in the console), with one exception:
revenue is also open to superusers, like the orders pages it sums (`staff_required`). The
aggregates live in `desk.reports`; these views read parameters, call one selector and render.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
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
from desk.console.views.report_charts import (
    attainment_chart,
    backlog_charts,
    calls_chart,
    reply_times_chart,
    revenue_chart,
)
from desk.console.views.tickets import engineer_required
from desk.core import clock
from desk.entitlements.periods import BUSINESS_ZONE
from desk.entitlements.services import clear_fair_use_flag
from desk.reports.backlog import Backlog, backlog
from desk.reports.calls import calls_by_plan
from desk.reports.charts import BarChart
from desk.reports.distribution import format_duration
from desk.reports.export import Cell, chart_table, csv_bytes
from desk.reports.fair_use import FairUse, Thresholds, fair_use_overview, subscription_exists
from desk.reports.reply_times import reply_time_distribution
from desk.reports.revenue import KIND_LABELS, KINDS, Revenue, revenue_by_month
from desk.tickets.clock.attainment import sla_attainment

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_REPLY_WEEKS = 8


@engineer_required
@require_GET
def index(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    return render(request, "console/reports/index.html")


SLA_SECTIONS = ("plan", "hotrush", "department", "week")


@engineer_required
@require_GET
def sla_report(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    return render(request, "console/sla_report.html", _sla_context(request))


@engineer_required
@require_GET
def sla_report_csv(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    charts = [chart for _name, _rows, chart in _sla_context(request)["section_charts"]]
    return csv_download(charts, "sla-attainment")


def _sla_context(request: HttpRequest) -> dict[str, Any]:
    raw = request.GET.get("weeks", "")
    weeks = int(raw) if raw.isascii() and raw.isdigit() and int(raw) in WEEK_CHOICES else 12
    first_only = request.GET.get("replies") != "all"
    now = clock.now()
    dates = DateRangeForm(request.GET)
    since, until = dates.period() or (now - timedelta(weeks=weeks), now + timedelta(weeks=1))
    report = sla_attainment(
        since=since, until=until, zone=timezone.get_current_timezone(), first_only=first_only
    )
    titles = {
        "plan": (report.by_plan, _("Reply guarantees met, by plan"), _("Plan")),
        "hotrush": (report.by_hotrush, _("Reply guarantees met, Hotrush or common"), _("Kind")),
        "department": (
            report.by_department,
            _("Reply guarantees met, by department"),
            _("Department"),
        ),
        "week": (report.by_week, _("Reply guarantees met, by week"), _("Week")),
        "department_policy": (
            report.by_department_policy,
            _("Department requests answered in time, by the department's own reply policy"),
            _("Department"),
        ),
    }
    return {
        "report": report,
        "sections": [(name, rows) for name, (rows, _title, _group) in titles.items()],
        "section_charts": [
            (name, rows, attainment_chart(rows, title=title, group=group))
            for name, (rows, title, group) in titles.items()
        ],
        "weeks": weeks,
        "week_choices": WEEK_CHOICES,
        "first_only": first_only,
        "dates": dates,
    }


def csv_download(charts: list[BarChart], name: str) -> HttpResponse:
    """A report's charts as one CSV attachment (see `desk.reports.export`)."""
    header, rows = chart_table(charts, section_title=_("Section"), group_title=_("Group"))
    return csv_attachment(csv_bytes(header, rows), name)


def csv_attachment(data: bytes, name: str, *, dated: bool = True) -> HttpResponse:
    """`data` (from `csv_bytes`) downloaded as `name`.csv; `dated` adds today's date to the name
    (a report whose name already carries its period need not)."""
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    if dated:
        name += "-" + clock.now().astimezone(timezone.get_current_timezone()).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


class DateRangeForm(forms.Form):
    """An explicit period of whole days in the viewer's time zone (both ends included); when it
    is absent or invalid the page keeps its "last N weeks" period and says so."""

    since = forms.DateField(label=pgettext_lazy("period", "From"), required=False)
    until = forms.DateField(label=pgettext_lazy("period", "To"), required=False)

    # The longest period a page draws (one bar per day or month); None: no limit.
    max_days: int | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if (since is None) != (until is None):
            raise forms.ValidationError(_("Give both dates of the period."), code="incomplete")
        if since is not None and until is not None and since > until:
            raise forms.ValidationError(_("The period ends before it starts."), code="reversed")
        if (
            self.max_days is not None
            and since is not None
            and until is not None
            and (until - since).days + 1 > self.max_days
        ):
            raise forms.ValidationError(
                _("The period may be at most %(days)s days long.") % {"days": self.max_days},
                code="too_long",
            )
        return cleaned

    def days(self) -> tuple[date, date] | None:
        """The chosen first and last day, or None (absent or invalid)."""
        if not self.is_valid() or self.cleaned_data.get("since") is None:
            return None
        return self.cleaned_data["since"], self.cleaned_data["until"]

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


class BacklogDatesForm(DateRangeForm):
    max_days = 366  # one bar a day


class RevenueDatesForm(DateRangeForm):
    max_days = 3 * 366  # whole months, up to three years


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
    return render(request, "console/reports/reply_times.html", _reply_times_context(request))


@engineer_required
@require_GET
def reply_times_csv(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    return csv_download([_reply_times_context(request)["chart"]], "reply-times")


def _reply_times_context(request: HttpRequest) -> dict[str, Any]:
    form = WeeksForm(request.GET)
    weeks = (form.cleaned_data["weeks"] if form.is_valid() else None) or DEFAULT_REPLY_WEEKS
    now = clock.now()
    dates = DateRangeForm(request.GET)
    since, until = dates.period() or (now - timedelta(weeks=weeks), now)
    report = reply_time_distribution(since=since, until=until)
    summaries = [
        (group, format_duration(group.median), format_duration(group.p90))
        for group in (*report.groups, report.overall)
    ]
    return {
        "form": form,
        "dates": dates,
        "weeks": weeks,
        "report": report,
        "summaries": summaries,
        "chart": reply_times_chart(report),
    }


@engineer_required
@require_GET
def backlog_report(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    """The last 30 days, or the days picked (a bad period is shown as an error over the 30)."""
    dates = BacklogDatesForm(request.GET)
    report = _backlog(dates)
    context = {"report": report, "charts": backlog_charts(report), "dates": dates}
    return render(request, "console/reports/backlog.html", context)


@engineer_required
@require_GET
def backlog_csv(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    report = _backlog(BacklogDatesForm(request.GET))
    return csv_download(list(backlog_charts(report).values()), "backlog")


def _backlog(dates: DateRangeForm) -> Backlog:
    since, until = dates.days() or (None, None)
    return backlog(
        now=clock.now(),
        zone=timezone.get_current_timezone(),
        since=since,
        until=until,
        language=get_language() or "en",
    )


@engineer_required
@require_GET
def fair_use(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    return render(request, "console/reports/fair_use.html", {"report": _fair_use()})


@engineer_required
@require_GET
def fair_use_csv(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    """Both tables of the page in one: flagged subscriptions first, then the heaviest usage."""
    report = _fair_use()
    header = [
        _("Section"),
        _("Store"),
        _("Customer"),
        _("Email"),
        _("Plan"),
        _("Flagged"),
        _("Requests"),
        _("Replies"),
        _("Of allowance, %"),
    ]
    russian = get_language() == "ru"
    rows: list[list[Cell]] = []
    for title, usage in ((_("Awaiting review"), report.flagged), (_("Heaviest usage"), report.top)):
        for row in usage:
            subscription, customer = row.subscription, row.subscription.customer
            plan = subscription.plan
            flagged = subscription.fair_use_flagged_at
            rows.append(
                [
                    title,
                    str(subscription.store),
                    customer.full_name,
                    customer.email,
                    plan.name_ru if russian and plan.name_ru else plan.name,
                    timezone.localtime(flagged) if flagged else None,
                    row.requests,
                    row.replies,
                    row.percent_of_allowance,
                ]
            )
    return csv_attachment(csv_bytes(header, rows), "fair-use")


def _fair_use() -> FairUse:
    thresholds = Thresholds(
        window_days=settings.DESK_FAIR_USE_WINDOW_DAYS,
        max_requests=settings.DESK_FAIR_USE_MAX_REQUESTS,
        max_replies=settings.DESK_FAIR_USE_MAX_REPLIES,
    )
    return fair_use_overview(now=clock.now(), thresholds=thresholds)


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
    """Paid orders by month in the business zone (Moscow), whatever the viewer's zone: the last
    twelve months, or the whole months of the days picked."""
    dates = RevenueDatesForm(request.GET)
    currencies = _revenue(dates)
    context = {
        "currencies": [(revenue, revenue_chart(revenue)) for revenue in currencies],
        "kinds": [(kind, KIND_LABELS[kind]) for kind in KINDS],
        "zone": str(BUSINESS_ZONE),
        "dates": dates,
        "picked": dates.days() is not None,
    }
    return render(request, "console/reports/revenue.html", context)


@staff_required
@require_GET
def revenue_csv(request: HttpRequest, user: User) -> HttpResponse:
    currencies = _revenue(RevenueDatesForm(request.GET))
    return csv_download([revenue_chart(revenue) for revenue in currencies], "revenue")


def _revenue(dates: DateRangeForm) -> list[Revenue]:
    today = clock.now().astimezone(BUSINESS_ZONE).date()
    since, until = dates.days() or (None, None)
    return revenue_by_month(today=today, zone=BUSINESS_ZONE, since=since, until=until)


CALL_REPORT_DAYS = (7, 30, 90, 365)


@engineer_required
@require_GET
def calls_report(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    """Calls by plan whose slot lies in the last `days` days (30 unless 7, 90 or 365)."""
    return render(request, "console/reports/calls.html", _calls_context(request))


@engineer_required
@require_GET
def calls_report_csv(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    return csv_download([_calls_context(request)["chart"]], "live-calls")


def _calls_context(request: HttpRequest) -> dict[str, Any]:
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in CALL_REPORT_DAYS else 30
    now = clock.now()
    report = calls_by_plan(
        start=now - timedelta(days=days), end=now, language=get_language() or "en"
    )
    return {
        "report": report,
        "chart": calls_chart(report),
        "days": days,
        "choices": CALL_REPORT_DAYS,
    }
