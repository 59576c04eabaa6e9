from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulesConfig(AppConfig):
    name = "desk.schedules"
    label = "schedules"
    verbose_name = _("Engineer schedules")
