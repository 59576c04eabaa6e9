from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "desk.core"
    label = "core"
