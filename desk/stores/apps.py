from django.apps import AppConfig


class StoresConfig(AppConfig):
    name = "desk.stores"
    label = "stores"
