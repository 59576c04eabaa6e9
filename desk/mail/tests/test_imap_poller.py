"""The IMAP poller against a tiny IMAP server: a message is marked seen only after the commit."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from desk.mail import imap
from desk.mail.models import InboundMessage
from desk.mail.steps import tickets as tickets_step
from desk.mail.tests.builders import raw_mail
from desk.mail.tests.fake_imap import FakeMailbox, fake_imap_server
from desk.tickets.models import Ticket


@pytest.fixture
def mailbox() -> FakeMailbox:
    return FakeMailbox(
        messages={
            1: raw_mail(subject="First"),
            2: raw_mail(sender="stranger@example.net", subject="Second"),
        }
    )


def _config(port: int) -> imap.MailboxConfig:
    return imap.read_mailbox_url(f"imap://desk:s%40cret@127.0.0.1:{port}/INBOX")


def test_url_is_read_with_percent_encoded_password():
    config = imap.read_mailbox_url("imaps://desk:s%40cret@mail.example.org/Support")
    assert (config.host, config.port, config.user, config.password, config.folder) == (
        "mail.example.org",
        993,
        "desk",
        "s@cret",
        "Support",
    )
    assert config.use_ssl is True


def test_poller_stores_and_marks_seen(alice, alice_subscription, mailbox):
    # when the poller runs twice
    with fake_imap_server(mailbox) as port:
        assert imap.poll_mailbox(_config(port)) == 2
        assert imap.poll_mailbox(_config(port)) == 0
    # then both messages were stored once and marked seen
    assert mailbox.seen == {1, 2}
    assert sorted(InboundMessage.objects.values_list("state", flat=True)) == ["opened", "pointed"]
    assert Ticket.objects.get().subject == "First"


def test_message_is_not_marked_when_the_commit_fails(
    alice, alice_subscription, mailbox, monkeypatch
):
    # given a database that fails transiently while storing
    def unavailable(mail):
        raise OperationalError("database is locked")

    monkeypatch.setattr(tickets_step, "run", unavailable)
    # when the poller runs
    with fake_imap_server(mailbox) as port:
        assert imap.poll_mailbox(_config(port)) == 0
    # then nothing is marked seen (the next poll fetches it again) and nothing stored
    assert mailbox.seen == set()
    assert "UID STORE" not in mailbox.commands
    assert InboundMessage.objects.count() == 0


def test_mailgate_poll_imap_polls_every_configured_mailbox(
    alice, alice_subscription, mailbox, settings
):
    import io

    from django.core.management import call_command

    with fake_imap_server(mailbox) as port:
        settings.DESK_MAIL_IMAP_MAILBOXES = [f"imap://desk:pw@127.0.0.1:{port}/INBOX"]
        out = io.StringIO()
        call_command("mailgate", "--poll-imap", stdout=out)
    assert out.getvalue() == "stored 2\n"
    assert mailbox.seen == {1, 2}
