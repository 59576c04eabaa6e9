"""`manage.py mailgate --recipient ADDRESS < message` (an MTA pipe), `--reprocess` (retry
the unprocessable spool) or `--poll-imap` (poll the configured IMAP mailboxes once).

Exit 0 when the message was stored, deliberately dropped or kept in the spool; exit 75
(EX_TEMPFAIL) when nothing could be stored, so that the MTA tries again later.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from desk.mail.errors import TemporaryFailure
from desk.mail.services import receive_mail, reprocess_spool
from desk.mail.tasks import poll_imap_mailboxes

EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Receive one raw message on stdin, or reprocess the unprocessable spool."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--recipient", default="", help="the envelope recipient")
        parser.add_argument("--mailbox", default="pipe", help="the mailbox name for dedupe")
        parser.add_argument("--reprocess", action="store_true", help="retry the spool")
        parser.add_argument(
            "--poll-imap", action="store_true", help="poll DESK_MAIL_IMAP_MAILBOXES once (cron)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["poll_imap"]:
                self.stdout.write(f"stored {poll_imap_mailboxes.call()}")
                return
            if options["reprocess"]:
                receipts = reprocess_spool()
                done = sum(1 for receipt in receipts if receipt.state != "spooled")
                self.stdout.write(f"reprocessed {done} of {len(receipts)}")
                return
            raw = sys.stdin.buffer.read()
            receipt = receive_mail(
                raw=raw, mailbox=options["mailbox"], envelope_recipient=options["recipient"]
            )
        except TemporaryFailure as exc:
            self.stderr.write(f"temporary failure, try again later: {exc}")
            sys.exit(EX_TEMPFAIL)
        self.stdout.write(f"{receipt.state} {receipt.reason}".strip())
