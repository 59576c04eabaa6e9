from django.urls import URLPattern, URLResolver, path

from desk.console.views import calls

urlpatterns: list[URLPattern | URLResolver] = [
    path("calls/", calls.call_list, name="calls"),
    path("calls/<int:call_id>/confirm/", calls.call_confirm, name="call_confirm"),
    path("calls/<int:call_id>/propose/", calls.call_propose, name="call_propose"),
    path("calls/<int:call_id>/decline/", calls.call_decline, name="call_decline"),
    path("calls/<int:call_id>/cancel/", calls.call_cancel, name="call_cancel"),
    path("calls/<int:call_id>/held/", calls.call_held, name="call_held"),
    path("calls/<int:call_id>/missed/", calls.call_missed, name="call_missed"),
    path("calls/<int:call_id>/invite.ics", calls.call_invite, name="call_invite"),
]
