from django.urls import URLPattern, URLResolver, path

from desk.portal.views import search, tickets

urlpatterns: list[URLPattern | URLResolver] = [
    path("requests/", tickets.ticket_list, name="tickets"),
    path("requests/search/", search.ticket_search, name="ticket_search"),
    path("requests/new/", tickets.ticket_new, name="ticket_new"),
    path("requests/new/coverage/", tickets.ticket_coverage, name="ticket_coverage"),
    path("requests/<int:ticket_id>/", tickets.ticket_detail, name="ticket"),
    path("requests/<int:ticket_id>/reply/", tickets.ticket_reply, name="ticket_reply"),
    path("requests/<int:ticket_id>/status/", tickets.ticket_status, name="ticket_status"),
    path("requests/<int:ticket_id>/hotrush/", tickets.ticket_hotrush, name="ticket_hotrush"),
    path("attachments/<int:attachment_id>/", tickets.attachment_download, name="attachment"),
    path(
        "attachments/<int:attachment_id>/preview/",
        tickets.attachment_preview,
        name="attachment_preview",
    ),
]
