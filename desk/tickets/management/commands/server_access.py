"""Operate server access details: `--wipe-closed` wipes what closed requests still hold (the
safety net beside the wipe on close; run it from cron daily), `--rotate-keys` re-encrypts every
stored blob under the first key of DESK_SECRETS_KEYS, staff authenticator and
webhook signing secrets too (after
putting a new key first; drop the old key once both report 0). Both are safe to run twice.
Output: counts only, never a secret."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from desk.accounts import two_factor
from desk.tickets import server_access
from desk.webhooks import services as webhooks


class Command(BaseCommand):
    help = "Wipe server access details of closed requests and/or re-encrypt them under the new key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wipe-closed", action="store_true")
        parser.add_argument("--rotate-keys", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["wipe_closed"]:
            self.stdout.write(f"wiped: {server_access.wipe_closed()} closed request(s)")
        if options["rotate_keys"]:
            self.stdout.write(f"re-encrypted: {server_access.rotate_keys()} request(s)")
            self.stdout.write(f"re-sealed: {two_factor.rotate_keys()} authenticator(s)")
            self.stdout.write(f"re-sealed: {webhooks.rotate_keys()} webhook endpoint(s)")
