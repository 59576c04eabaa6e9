"""What each console report draws: its charts, declared as categories and series.

A chart here is also the report's accessible table and its CSV (`desk.reports.charts`): a new
report declares its series once and gets all three. Built from the selectors' results, so the
aggregation behind them can change without touching the presentation.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from desk.core.money import Money
from desk.reports.backlog import Backlog
from desk.reports.calls import CallsReport
from desk.reports.charts import BarChart, Row, Series, bar_chart
from desk.reports.distribution import REPLY_LABELS
from desk.reports.reply_times import ReplyTimes
from desk.reports.revenue import KIND_LABELS, KINDS, Revenue
from desk.tickets.clock.attainment import AttainmentRow


def attainment_chart(rows: list[AttainmentRow], *, title: str, group: str) -> BarChart:
    return bar_chart(
        [row.label for row in rows],
        [
            Series(_("Met"), [row.met for row in rows], plotted=False),
            Series(_("Breached"), [row.breached for row in rows], plotted=False),
            Series(_("Total"), [row.total for row in rows], plotted=False),
            Series(
                _("Attainment, %"),
                [row.percent for row in rows],
                [f"{row.percent:g}%" for row in rows],
            ),
        ],
        description=title,
        unit="%",
        category_title=group,
        keys=[row.key for row in rows],
        domain=(0.0, 100.0),
    )


def reply_times_chart(report: ReplyTimes) -> BarChart:
    return bar_chart(
        [str(label) for label in REPLY_LABELS],
        [
            *(Series(group.label, group.counts) for group in report.groups),
            Series(report.overall.label, report.overall.counts, plotted=False),
        ],
        description=_("First replies by working time to reply, Hotrush and common inquiries"),
        unit=_("First replies"),
        category_title=_("Time to first reply"),
    )


def backlog_charts(report: Backlog) -> dict[str, BarChart]:
    """The day-by-day series and the three breakdowns of the open requests."""
    requests = _("Open requests")
    daily = bar_chart(
        [date_format(point.day, "j M") for point in report.daily],
        [Series(requests, [point.count for point in report.daily])],
        description=_("Open requests at the end of each day"),
        label_every=5,
        unit=requests,
        category_title=_("Day"),
        keys=[point.day.isoformat() for point in report.daily],
        keys_are_data=True,
    )
    breakdowns = {
        "status": (report.by_status, _("Open requests by status"), _("Status")),
        "department": (report.by_department, _("Open requests by department"), _("Department")),
        "age": (report.by_age, _("Open requests by age"), _("Age")),
    }
    charts = {"daily": daily}
    for name, (tallies, title, group) in breakdowns.items():
        charts[name] = bar_chart(
            [tally.label for tally in tallies],
            [Series(requests, [tally.count for tally in tallies])],
            description=title,
            height=180,
            unit=requests,
            category_title=group,
            keys=[tally.key for tally in tallies],
        )
    return charts


def revenue_chart(revenue: Revenue) -> BarChart:
    """Net revenue per month, one bar per kind (a month with more refunds than sales dips); the
    table adds what was paid and taken back."""
    months = revenue.months
    currency = revenue.currency

    def money(amounts: Sequence[Decimal]) -> list[str]:
        return [str(Money(amount, currency)) for amount in amounts]

    net_by_kind = [
        Series(str(KIND_LABELS[kind]), values, money(values))
        for kind in KINDS
        for values in [[month.kinds[kind].net for month in months]]
    ]
    totals = [month.total for month in months]
    paid, refunds, net = (
        [t.gross for t in totals],
        [t.refunds for t in totals],
        [t.net for t in totals],
    )
    return bar_chart(
        [date_format(month.month, "M Y") for month in months],
        [
            *net_by_kind,
            Series(_("Paid"), paid, money(paid), plotted=False),
            Series(_("Paid orders"), [t.orders for t in totals], plotted=False),
            Series(_("Refunds"), refunds, money(refunds), plotted=False),
            Series(_("Refunded orders"), [t.refunded_orders for t in totals], plotted=False),
            Series(_("Net"), net, money(net), plotted=False),
        ],
        description=_("Net revenue by month and kind, in %(currency)s") % {"currency": currency},
        label_every=2,
        unit=currency,
        category_title=_("Month"),
        keys=[month.month.strftime("%Y-%m") for month in months],
        keys_are_data=True,
    )


def calls_chart(report: CallsReport) -> BarChart:
    rows = report.rows
    columns = (
        ("booked", _("Booked"), True),
        ("held", _("Held"), True),
        ("missed", _("Missed"), True),
        ("cancelled", _("Cancelled"), True),
        ("minutes", _("Minutes used"), False),
    )
    chart = bar_chart(
        [row.plan_name for row in rows],
        [
            Series(name, [getattr(row, key) for row in rows], plotted=on)
            for key, name, on in columns
        ],
        description=_("Live calls by plan"),
        unit=_("Calls"),
        category_title=_("Plan"),
        keys=[row.plan_code for row in rows],
    )
    total = [getattr(report.total, key) for key, _name, _on in columns]
    return chart.with_total(Row("total", _("Total"), [str(v) for v in total], list(total)))
