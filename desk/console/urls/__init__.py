"""Engineer console. Each topic module owns its patterns."""

from desk.console.urls import (
    calls,
    kb,
    orders,
    quotes,
    reports,
    schedule,
    server_access,
    tickets,
    two_factor,
)

app_name = "console"
urlpatterns = [
    *tickets.urlpatterns,
    *kb.urlpatterns,
    *server_access.urlpatterns,
    *quotes.urlpatterns,
    *calls.urlpatterns,
    *orders.urlpatterns,
    *reports.urlpatterns,
    *schedule.urlpatterns,
    *two_factor.urlpatterns,
]
