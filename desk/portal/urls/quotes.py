from django.urls import URLPattern, URLResolver, path

from desk.portal.views import quotes as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("quotes/<int:quote_id>/accept/", views.quote_accept, name="quote_accept"),
    path("quotes/<int:quote_id>/decline/", views.quote_decline, name="quote_decline"),
]
