from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "desk.portal"
    label = "portal"
