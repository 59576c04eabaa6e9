from django.urls import URLPattern, URLResolver, path

from desk.portal.views import calls as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("requests/<int:ticket_id>/calls/", views.call_request, name="call_request"),
    path("calls/<int:call_id>/accept/", views.call_accept, name="call_accept"),
    path("calls/<int:call_id>/reschedule/", views.call_reschedule, name="call_reschedule"),
    path("calls/<int:call_id>/cancel/", views.call_cancel, name="call_cancel"),
    path("calls/<int:call_id>/invite.ics", views.call_invite, name="call_invite"),
]
