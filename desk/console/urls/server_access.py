from django.urls import URLPattern, URLResolver, path

from desk.console.views import server_access

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "requests/<int:ticket_id>/server-access/",
        server_access.ticket_server_access,
        name="ticket_server_access",
    ),
]
