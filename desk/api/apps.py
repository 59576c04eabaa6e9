from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "desk.api"
    label = "api"
