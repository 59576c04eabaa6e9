from django.urls import URLPattern, URLResolver, path

from desk.console.views import webhooks

urlpatterns: list[URLPattern | URLResolver] = [
    path("webhooks/", webhooks.webhook_list, name="webhooks"),
    path("webhooks/<int:endpoint_id>/", webhooks.webhook_detail, name="webhook"),
    path("webhooks/<int:endpoint_id>/active/", webhooks.webhook_toggle, name="webhook_toggle"),
    path(
        "webhooks/deliveries/<int:delivery_id>/redeliver/",
        webhooks.webhook_redeliver,
        name="webhook_redeliver",
    ),
]
