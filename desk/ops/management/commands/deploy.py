"""`manage.py deploy`: the one deployment step, run once per release before the web processes
and workers start: the system checks (`--deploy`), database migrations, static files
(`collectstatic`: production serves hashed files through WhiteNoise and needs the manifest),
and the Russian catalogue when gettext is installed. Idempotent: safe to run on every start."""

from __future__ import annotations

import shutil
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Check, migrate, collect static files and compile messages: the deployment step."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--skip-checks-deploy", action="store_true", help="skip check --deploy")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["skip_checks_deploy"]:
            call_command("check", deploy=True, fail_level="ERROR")
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        call_command("collectstatic", interactive=False, verbosity=0)
        if shutil.which("msgfmt"):
            call_command("compilemessages", locale=["ru"], ignore_patterns=[".venv"], verbosity=0)
        self.stdout.write("deployed: checks, migrations, static files, messages")
