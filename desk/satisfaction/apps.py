from django.apps import AppConfig


class SatisfactionConfig(AppConfig):
    name = "desk.satisfaction"
    label = "satisfaction"
    verbose_name = "Customer satisfaction"
