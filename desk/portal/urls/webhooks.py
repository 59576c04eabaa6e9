from django.urls import URLPattern, URLResolver, path

from desk.portal.views import webhooks as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
]
