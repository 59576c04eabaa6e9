"""Mail is never lost: a crash before the commit stores nothing (redelivery stores once); a
step that fails keeps the raw mail in the spool; `mailgate --reprocess` retries it."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import call_command
from django.db import OperationalError

from desk.mail.models import InboundMessage, UnprocessableMail
from desk.mail.services import receive_mail
from desk.mail.steps import tickets as tickets_step
from desk.mail.tests.builders import raw_mail
from desk.tickets.models import Ticket


class SimulatedCrash(BaseException):
    """The process dies (not an Exception: nothing may catch it)."""


def test_crash_between_parse_and_commit_then_redelivery_stores_once(
    alice, alice_subscription, monkeypatch, counts
):
    # given a worker that dies after the ticket was created, before the commit
    raw = raw_mail()
    real_run = tickets_step.run

    def crash(mail):
        real_run(mail)
        raise SimulatedCrash

    monkeypatch.setattr(tickets_step, "run", crash)
    with pytest.raises(SimulatedCrash):
        receive_mail(raw=raw, mailbox="pipe")
    # then nothing was stored
    assert counts() == {"inbound": 0, "spool": 0, "tickets": 0, "messages": 0, "outbox": 0}
    # when the MTA delivers it again, and once more
    monkeypatch.setattr(tickets_step, "run", real_run)
    receipts = [receive_mail(raw=raw, mailbox="pipe") for _ in range(2)]
    # then it is stored once with one request
    assert [r.state for r in receipts] == ["opened", "duplicate"]
    assert (InboundMessage.objects.count(), Ticket.objects.count()) == (1, 1)


def _mailgate(monkeypatch, raw: bytes, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    try:
        call_command("mailgate", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_mailgate_stores_and_exits_zero(alice, alice_subscription, monkeypatch):
    code, out = _mailgate(monkeypatch, raw_mail(), "--recipient", "support@supportdesk.example")
    assert (code, out) == (0, "opened\n")
    assert Ticket.objects.count() == 1


def test_mailgate_exits_75_on_a_transient_failure(alice, alice_subscription, monkeypatch, counts):
    # given a database that is momentarily unavailable
    def unavailable(mail):
        raise OperationalError("database is locked")

    monkeypatch.setattr(tickets_step, "run", unavailable)
    # when the MTA pipes a message
    code, _ = _mailgate(monkeypatch, raw_mail(), "--recipient", "support@supportdesk.example")
    # then mailgate asks it to try again later and nothing was stored
    assert code == 75
    assert counts() == {"inbound": 0, "spool": 0, "tickets": 0, "messages": 0, "outbox": 0}


def test_failing_step_spools_and_reprocess_retries(alice, alice_subscription, monkeypatch, counts):
    # given a step that breaks on this message
    raw = raw_mail()
    real_run = tickets_step.run

    def broken(mail):
        raise ValueError("a bug in a step")

    monkeypatch.setattr(tickets_step, "run", broken)
    # when it arrives through mailgate
    code, out = _mailgate(monkeypatch, raw, "--recipient", "support@supportdesk.example")
    # then mailgate succeeds and the raw mail is in the spool with the reason, nothing else
    assert (code, out) == (0, "spooled ValueError: a bug in a step\n")
    entry = UnprocessableMail.objects.get()
    assert (bytes(entry.raw), entry.reason, entry.state) == (
        raw,
        "ValueError: a bug in a step",
        "pending",
    )
    assert entry.envelope_recipient == "support@supportdesk.example"
    assert counts() == {"inbound": 0, "spool": 1, "tickets": 0, "messages": 0, "outbox": 0}
    # when the bug is fixed and staff reprocess the spool
    monkeypatch.setattr(tickets_step, "run", real_run)
    code, out = _mailgate(monkeypatch, b"", "--reprocess")
    # then the mail opens its request and the spool entry is closed
    assert (code, out) == (0, "reprocessed 1 of 1\n")
    entry.refresh_from_db()
    assert (entry.state, entry.inbound) == ("reprocessed", InboundMessage.objects.get())
    assert Ticket.objects.count() == 1
    # and reprocessing again does nothing
    assert _mailgate(monkeypatch, b"", "--reprocess") == (0, "reprocessed 0 of 0\n")


def test_bytes_that_are_no_mail_are_spooled(db):
    receipt = receive_mail(raw=b"\x00\x01 this is not a mail message", mailbox="pipe")
    assert (receipt.state, receipt.reason) == ("spooled", "no_headers")
    assert UnprocessableMail.objects.get().reason == "no_headers"
