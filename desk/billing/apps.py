from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "desk.billing"
    label = "billing"
