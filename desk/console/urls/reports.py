from django.urls import URLPattern, URLResolver, path

from desk.console.views import reports

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/", reports.index, name="reports"),
    path("reports/sla/", reports.sla_report, name="sla_report"),
    path("reports/reply-times/", reports.reply_times, name="reply_times"),
    path("reports/backlog/", reports.backlog_report, name="backlog"),
    path("reports/fair-use/", reports.fair_use, name="fair_use"),
    path(
        "reports/fair-use/<int:subscription_id>/clear/",
        reports.fair_use_clear,
        name="fair_use_clear",
    ),
    path("reports/revenue/", reports.revenue, name="revenue"),
    path("reports/calls/", reports.calls_report, name="calls_report"),
]
