"""Engineer console. Each topic module owns its patterns."""

from desk.console.urls import (
    api_tokens,
    calls,
    kb,
    orders,
    quotes,
    reply_desk,
    reports,
    schedule,
    server_access,
    styleguide,
    tickets,
    two_factor,
    webhooks,
)

app_name = "console"
urlpatterns = [
    *tickets.urlpatterns,
    *kb.urlpatterns,
    *server_access.urlpatterns,
    *quotes.urlpatterns,
    *styleguide.urlpatterns,
    *calls.urlpatterns,
    *orders.urlpatterns,
    *reports.urlpatterns,
    *reply_desk.urlpatterns,
    *schedule.urlpatterns,
    *two_factor.urlpatterns,
    *api_tokens.urlpatterns,
    *webhooks.urlpatterns,
]
