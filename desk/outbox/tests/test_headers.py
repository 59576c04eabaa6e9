"""Headers of automatic mail: loop protection, threading, reply tokens, no header injection."""

from __future__ import annotations

import re

from desk.accounts import services as account_services
from desk.outbox.headers import loop_value, read_thread_local, thread_message_id
from desk.outbox.models import AutoSubmitted, OutboxMail
from desk.outbox.reply_tokens import read_reply_address, reply_address
from desk.outbox.return_paths import return_path
from desk.outbox.tests.builders import enqueue_reply, reply_context


def test_automatic_mail_carries_loop_thread_and_reply_headers(
    alice, smtp_inbox, django_capture_on_commit_callbacks
):
    # when a reply notification on request 42 is sent to Alice
    with django_capture_on_commit_callbacks(execute=True):
        mail = enqueue_reply(alice)
    message = smtp_inbox.received[0].message
    # then it is marked automatic, carries our loop header and a Message-ID on our domain
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Supportdesk-Loop"] == loop_value(mail.message_id)
    assert message["X-Supportdesk-Loop"].startswith("supportdesk.example; sig=")
    assert message["X-Auto-Response-Suppress"] == "All"
    assert message["Message-ID"] == mail.message_id
    assert mail.message_id.endswith("@supportdesk.example>")
    # and it threads under the request's root id, which no one can guess from the number
    root = thread_message_id("req-42")
    assert re.fullmatch(r"<req-42\.[0-9a-f]{20}@supportdesk\.example>", root)
    assert message["In-Reply-To"] == root
    assert message["References"] == root
    assert read_thread_local(root[1:].split("@")[0]) == "req-42"
    assert read_thread_local("req-42." + "0" * 20) is None
    # and the envelope sender is the mail's own signed return path (VERP)
    assert smtp_inbox.received[0].mail_from == return_path(mail.pk)
    # and the reply address is an HMAC token bound to (request 42, Alice)
    reply_to = str(message["Reply-To"])
    assert reply_to == reply_address(ticket_id=42, user_id=alice.pk)
    token = read_reply_address(reply_to)
    assert token is not None
    assert (token.ticket_id, token.user_id) == (42, alice.pk)


def test_answer_to_incoming_mail_is_auto_replied_and_threads_under_it(
    db, smtp_inbox, django_capture_on_commit_callbacks
):
    # when we answer an incoming message automatically
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_reply(
            "someone@example.net",
            thread_ref="",
            in_reply_to="junk <abc.123@mail.example.net> more",
            auto_submitted=AutoSubmitted.REPLIED,
        )
    message = smtp_inbox.received[0].message
    # then it says auto-replied and refers to exactly that message
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["In-Reply-To"] == "<abc.123@mail.example.net>"
    assert message["References"] == "<abc.123@mail.example.net>"


def test_retried_send_keeps_the_message_id(alice):
    # given a stored mail
    mail = enqueue_reply(alice)
    # when it is built twice (a retry)
    from desk.outbox.delivery import build_message

    first, second = build_message(mail).message(), build_message(mail).message()
    # then both carry the same Message-ID
    assert first["Message-ID"] == second["Message-ID"] == mail.message_id


def test_forged_or_foreign_reply_tokens_are_refused(alice):
    # given a genuine token for (42, Alice)
    genuine = reply_address(ticket_id=42, user_id=alice.pk)
    local, domain = genuine.split("@")
    prefix, rest = local.split("+")
    _ticket, user, sig = rest.split(".")
    # when any part is changed, or the domain is not ours
    forged = [
        f"{prefix}+43.{user}.{sig}@{domain}",  # another request
        f"{prefix}+42.{int(user) + 1}.{sig}@{domain}",  # another recipient
        f"{prefix}+42.{user}.{sig[:-1]}0@{domain}",  # another signature
        f"{prefix}+42.{user}.{sig}@evil.example",
        "reply+42.1@supportdesk.example",
        "support@supportdesk.example",
    ]
    # then none is accepted, while the genuine one is (case-insensitively)
    assert [read_reply_address(address) for address in forged] == [None] * len(forged)
    assert read_reply_address(genuine.upper()) is not None


def test_newlines_in_name_and_subject_cannot_inject_headers(
    db, smtp_inbox, django_capture_on_commit_callbacks
):
    # given a customer whose name tries to add a Bcc header
    eve = account_services.register_customer(
        email="eve@example.org", password=None, full_name="Eve\r\nBcc: victim@example.com"
    )
    # and a request subject that tries the same
    context = reply_context(subject="Hello\r\nBcc: victim@example.com\nX-Evil: 1")
    # when a notification is sent
    with django_capture_on_commit_callbacks(execute=True):
        mail = enqueue_reply(eve, context=context)
    # then the mail is sent, only to Eve, with the injected text neutralised on one line
    mail.refresh_from_db()
    assert mail.state == "sent"
    assert len(smtp_inbox.received) == 1
    delivered = smtp_inbox.received[0]
    assert delivered.rcpt_tos == ["eve@example.org"]
    message = delivered.message
    assert message["Bcc"] is None
    assert message["X-Evil"] is None
    assert message["Subject"] == ("Re: [REQ-000042] Hello Bcc: victim@example.com X-Evil: 1")
    assert message["To"].addresses[0].addr_spec == "eve@example.org"
    assert message["To"].addresses[0].display_name == "Eve Bcc: victim@example.com"
    assert OutboxMail.objects.get().recipient_name == "Eve Bcc: victim@example.com"
