"""Customer portal and public pages. Each topic module owns its patterns."""

from desk.portal.urls import (
    accounts,
    calls,
    commerce,
    kb,
    public,
    quotes,
    satisfaction,
    server_access,
    tickets,
    webhooks,
)

app_name = "portal"
urlpatterns = [
    *public.urlpatterns,
    *accounts.urlpatterns,
    *commerce.urlpatterns,
    *tickets.urlpatterns,
    *kb.urlpatterns,
    *server_access.urlpatterns,
    *quotes.urlpatterns,
    *calls.urlpatterns,
    *satisfaction.urlpatterns,
    *webhooks.urlpatterns,
]
