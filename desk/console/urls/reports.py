from django.urls import URLPattern, URLResolver, path

from desk.console.views import reports

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/sla/", reports.sla_report, name="sla_report"),
]
