from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulesConfig(AppConfig):
    name = "desk.schedules"
    label = "schedules"
    verbose_name = _("Engineer schedules")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from desk.accounts.models import Engineer, User
        from desk.schedules import models, selectors

        # A request that changes a schedule or time off and reads the shifts again sees the
        # change (desk.core.request_cache).
        for model in (models.Schedule, models.TimeOff):
            for signal in (post_save, post_delete):
                signal.connect(selectors.forget_cached, sender=model, weak=False)
        # ... and one that changes an engineer (active, languages, departments, the account)
        for person in (Engineer, User):
            for signal in (post_save, post_delete):
                signal.connect(selectors.forget_engineers, sender=person, weak=False)
        m2m_changed.connect(
            selectors.forget_engineers, sender=Engineer.departments.through, weak=False
        )
