"""Engineer console reports: SLA attainment derived from the requests' history."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from desk.accounts.models import Engineer
from desk.console.views.tickets import engineer_required
from desk.core import clock
from desk.tickets.attainment import sla_attainment

WEEK_CHOICES = (4, 12, 26, 52)


@engineer_required
@require_GET
def sla_report(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    raw = request.GET.get("weeks", "")
    weeks = int(raw) if raw.isascii() and raw.isdigit() and int(raw) in WEEK_CHOICES else 12
    first_only = request.GET.get("replies") != "all"
    now = clock.now()
    report = sla_attainment(
        since=now - timedelta(weeks=weeks),
        until=now + timedelta(weeks=1),
        zone=timezone.get_current_timezone(),
        first_only=first_only,
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
    }
    return render(request, "console/sla_report.html", context)
