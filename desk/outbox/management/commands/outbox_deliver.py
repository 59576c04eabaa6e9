"""`manage.py outbox_deliver`: send due and stale outbox mail now (run from cron as a safety net
beside the per-mail tasks)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from desk.outbox.tasks import deliver_due_mail


class Command(BaseCommand):
    help = "Deliver outbox mail that is due (retries and stale claims)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"delivered {deliver_due_mail.call()}")
