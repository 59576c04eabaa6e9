from django.urls import URLPattern, URLResolver, path

from desk.console.views import search, tickets

urlpatterns: list[URLPattern | URLResolver] = [
    path("", tickets.queue, name="queue"),
    path("search/", search.search, name="search"),
    path("requests/<int:ticket_id>/", tickets.ticket_detail, name="ticket"),
    path("requests/<int:ticket_id>/reply/", tickets.ticket_reply, name="ticket_reply"),
    path("requests/<int:ticket_id>/note/", tickets.ticket_note, name="ticket_note"),
    path("requests/<int:ticket_id>/assign/", tickets.ticket_assign, name="ticket_assign"),
    path("requests/<int:ticket_id>/status/", tickets.ticket_status, name="ticket_status"),
    path(
        "requests/<int:ticket_id>/department/",
        tickets.ticket_department,
        name="ticket_department",
    ),
    path(
        "requests/<int:ticket_id>/out-of-scope/",
        tickets.ticket_out_of_scope,
        name="ticket_out_of_scope",
    ),
    path("requests/<int:ticket_id>/bug/", tickets.ticket_bug, name="ticket_bug"),
]
