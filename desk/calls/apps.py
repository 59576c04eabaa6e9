from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "desk.calls"
    label = "calls"
    verbose_name = "Live calls"
