"""`manage.py payments_sweep`: reconcile payments and send due renewal reminders now (run from
cron, e.g. every 10 minutes, as the safety net beside the per-event and per-subscription tasks)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from desk.entitlements.tasks import reconcile_payments, send_renewal_reminders


class Command(BaseCommand):
    help = "Finish unprocessed payment events and unfulfilled paid orders; send renewal reminders."

    def handle(self, *args: Any, **options: Any) -> None:
        reconciled = reconcile_payments.call()
        reminded = send_renewal_reminders.call()
        self.stdout.write(
            f"events {reconciled['events']} orders {reconciled['orders']} reminders {reminded}"
        )
