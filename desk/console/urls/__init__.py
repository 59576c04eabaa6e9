"""Engineer console. Each topic module owns its patterns."""

from desk.console.urls import (
    calls,
    orders,
    quotes,
    reply_desk,
    reports,
    schedule,
    server_access,
    tickets,
    two_factor,
)

app_name = "console"
urlpatterns = [
    *tickets.urlpatterns,
    *server_access.urlpatterns,
    *quotes.urlpatterns,
    *calls.urlpatterns,
    *orders.urlpatterns,
    *reports.urlpatterns,
    *reply_desk.urlpatterns,
    *schedule.urlpatterns,
    *two_factor.urlpatterns,
]
