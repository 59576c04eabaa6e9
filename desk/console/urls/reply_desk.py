from django.urls import URLPattern, URLResolver, path

from desk.console.views import canned, queue_bulk, reply_desk

urlpatterns: list[URLPattern | URLResolver] = [
    path("bulk/", queue_bulk.queue_bulk, name="queue_bulk"),
    path("canned-replies/", canned.canned_replies, name="canned_replies"),
    path("canned-replies/<int:reply_id>/", canned.canned_reply_edit, name="canned_reply_edit"),
    path(
        "canned-replies/<int:reply_id>/delete/",
        canned.canned_reply_delete,
        name="canned_reply_delete",
    ),
    path(
        "requests/<int:ticket_id>/canned/",
        reply_desk.ticket_canned_insert,
        name="ticket_canned_insert",
    ),
    path("requests/<int:ticket_id>/draft/", reply_desk.ticket_draft, name="ticket_draft"),
    path("requests/<int:ticket_id>/presence/", reply_desk.ticket_presence, name="ticket_presence"),
]
