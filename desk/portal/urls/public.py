from django.urls import URLPattern, URLResolver, path

from desk.portal.views import contact, hours
from desk.portal.views import public as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("pricing/", views.pricing, name="pricing"),
    path("scope/", views.scope, name="scope"),
    path("contact/", views.contact, name="contact"),
    path("contact/write/", contact.contact_write, name="contact_write"),
    path("requests/visitor/<str:token>/", contact.visitor_request, name="visitor_request"),
    path(
        "requests/visitor/<str:token>/files/<int:attachment_id>/",
        contact.visitor_attachment,
        name="visitor_attachment",
    ),
    path(
        "requests/visitor/<str:token>/files/<int:attachment_id>/preview/",
        contact.visitor_attachment_preview,
        name="visitor_attachment_preview",
    ),
    path("calls/", views.call_terms, name="call_terms"),
    path("hours/local/", hours.local_hours, name="local_hours"),
]
