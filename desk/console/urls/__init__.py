"""Engineer console. Each topic module owns its patterns."""

from desk.console.urls import orders, reports, tickets

app_name = "console"
urlpatterns = [*tickets.urlpatterns, *orders.urlpatterns, *reports.urlpatterns]
