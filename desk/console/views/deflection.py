"""Knowledge-base deflection report: what the new-request form's suggestions achieved, per
article (table and CSV). Kept beside, not inside, the other reports' module.

The table is plain for now: when the shared chart components land, this page should adopt them
(suggested / opened / answered per article as grouped bars), like the other reports.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from desk.accounts.models import Engineer
from desk.console.views.reports import csv_attachment
from desk.console.views.tickets import engineer_required
from desk.core import clock
from desk.reports.deflection import deflection_by_article
from desk.reports.export import Cell, csv_bytes

DEFLECTION_DAYS = (7, 30, 90, 365)
DEFLECTION_CSV_COLUMNS = ("language", "slug", "title", "suggested", "opened", "answered")


@engineer_required
@require_GET
def deflection_report(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    """Knowledge-base deflection by article in the last `days` days (30 unless 7, 90 or 365);
    `?format=csv` downloads the same table."""
    raw = request.GET.get("days", "")
    days = int(raw) if raw.isascii() and raw.isdigit() and int(raw) in DEFLECTION_DAYS else 30
    now = clock.now()
    report = deflection_by_article(since=now - timedelta(days=days), until=now)
    if request.GET.get("format") == "csv":
        rows: list[list[Cell]] = [
            [row.language, row.slug, row.title, row.suggested, row.opened, row.answered]
            for row in report.rows
        ]
        data = csv_bytes(DEFLECTION_CSV_COLUMNS, rows)
        return csv_attachment(data, f"deflection-{days}d", dated=False)
    context = {"report": report, "days": days, "choices": DEFLECTION_DAYS}
    return render(request, "console/reports/deflection.html", context)
