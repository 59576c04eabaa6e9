from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "desk.sla"
    label = "sla"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from desk.sla import models, services

        # A request that changes policies or calendars and reads them again sees the change
        # (desk.core.request_cache).
        for model in (
            models.SlaPolicy,
            models.Calendar,
            models.CalendarHoliday,
            models.CalendarOverride,
        ):
            for signal in (post_save, post_delete):
                signal.connect(services.forget_cached, sender=model, weak=False)
