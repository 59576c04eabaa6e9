from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "desk.entitlements"
    label = "entitlements"
