"""`manage.py load_demo`: fill a fresh database with the demo desk and print its logins.

Safe to run again: when the demo accounts exist it changes nothing and prints the logins.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from desk.console import demo


class Command(BaseCommand):
    help = "Load demo people, stores, purchases and requests (once), then print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = demo.is_demo_loaded()
        except demo.DemoConflictError as error:
            raise CommandError(str(error)) from error
        if loaded:
            self.stdout.write("Demo data already loaded: nothing changed.")
        else:
            demo.load_demo()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(
            f"Demo logins (password for all: {demo.DEMO_PASSWORD}); "
            "portal /login/, engineer console /console/, Django admin /admin/:"
        )
        width = max(len(login.email) for login in demo.DEMO_LOGINS)
        for login in demo.DEMO_LOGINS:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.role}")
