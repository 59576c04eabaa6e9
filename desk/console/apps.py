from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "desk.console"
    label = "console"
