from django.urls import URLPattern, URLResolver, path

from desk.console.views import reports, satisfaction

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/", reports.index, name="reports"),
    path("reports/satisfaction/", satisfaction.satisfaction_report, name="csat_report"),
    path("reports/satisfaction.csv", satisfaction.satisfaction_csv, name="csat_csv"),
    path("satisfaction/follow-ups/", satisfaction.csat_follow_ups, name="csat_follow_ups"),
    path(
        "satisfaction/follow-ups/<int:follow_up_id>/done/",
        satisfaction.csat_follow_up_done,
        name="csat_follow_up_done",
    ),
    path("reports/sla/", reports.sla_report, name="sla_report"),
    path("reports/sla/csv/", reports.sla_report_csv, name="sla_report_csv"),
    path("reports/reply-times/", reports.reply_times, name="reply_times"),
    path("reports/reply-times/csv/", reports.reply_times_csv, name="reply_times_csv"),
    path("reports/backlog/", reports.backlog_report, name="backlog"),
    path("reports/backlog/csv/", reports.backlog_csv, name="backlog_csv"),
    path("reports/fair-use/", reports.fair_use, name="fair_use"),
    path("reports/fair-use/csv/", reports.fair_use_csv, name="fair_use_csv"),
    path(
        "reports/fair-use/<int:subscription_id>/clear/",
        reports.fair_use_clear,
        name="fair_use_clear",
    ),
    path("reports/revenue/", reports.revenue, name="revenue"),
    path("reports/revenue/csv/", reports.revenue_csv, name="revenue_csv"),
    path("reports/calls/", reports.calls_report, name="calls_report"),
    path("reports/calls/csv/", reports.calls_report_csv, name="calls_report_csv"),
]
