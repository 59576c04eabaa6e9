"""Bodies and attachments: server-generated names, nh3-sanitised HTML with a time limit."""

from __future__ import annotations

import base64
import time

from desk.mail import sanitizing
from desk.mail.models import InboundMessage
from desk.mail.services import receive_mail
from desk.mail.tests.builders import raw_mail
from desk.tickets.models import Attachment, Ticket


def _multipart(*parts: str) -> bytes:
    body = "".join(f"--B\r\n{part}\r\n" for part in parts) + "--B--"
    return raw_mail(content_type='multipart/mixed; boundary="B"', body=body)


TEXT = "Content-Type: text/plain; charset=utf-8\r\n\r\nPlain words."
HTML = (
    "Content-Type: text/html; charset=utf-8\r\n\r\n"
    "<p>Hi <b>there</b> &amp; <script>alert(1)</script><img src=x onerror=alert(2)></p>"
)


def test_attachments_get_server_generated_names(alice, alice_subscription, media_root):
    # given a mail with a file whose name tries to escape and to be executable
    evil = (
        'Content-Type: image/png; name="../../evil.php"\r\n'
        'Content-Disposition: attachment; filename="../../evil.php"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode(b"\x89PNG data").decode()
    )
    receive_mail(raw=_multipart(TEXT, evil), mailbox="pipe")
    # then the file is stored under a name of ours, with a safe suffix from its type
    attachment = Attachment.objects.get()
    assert attachment.original_name == "mail-attachment-1.png"
    assert attachment.file.name.startswith("attachments/")
    assert attachment.file.name.endswith(".png")
    assert (attachment.content_type, attachment.size) == ("image/png", 9)
    assert attachment.file.read() == b"\x89PNG data"


def test_too_many_attachments_are_skipped_and_counted(alice, alice_subscription, settings):
    settings.DESK_ATTACHMENTS_PER_MESSAGE = 1
    part = "Content-Type: application/pdf\r\nContent-Disposition: attachment\r\n\r\n%PDF-1"
    receive_mail(raw=_multipart(TEXT, part, part), mailbox="pipe")
    assert Attachment.objects.count() == 1
    assert InboundMessage.objects.get().skipped_attachments == 1


def test_html_only_mail_is_sanitised_to_text(alice, alice_subscription):
    receive_mail(raw=_multipart(HTML), mailbox="pipe")
    assert Ticket.objects.get().messages.get().body == "Hi there &"
    record = InboundMessage.objects.get()
    assert "<script" not in record.html_sanitized
    assert "onerror" not in record.html_sanitized
    assert "<b>there</b>" in record.html_sanitized


def test_text_part_wins_over_html(alice, alice_subscription):
    receive_mail(raw=_multipart(TEXT, HTML), mailbox="pipe")
    assert Ticket.objects.get().messages.get().body == "Plain words."


def test_slow_sanitiser_falls_back_to_the_text_part(
    alice, alice_subscription, settings, monkeypatch
):
    # given a sanitiser that runs longer than the limit
    settings.DESK_MAIL_SANITIZE_TIMEOUT_SECONDS = 0.05

    def slow(markup: str) -> str:
        time.sleep(0.5)
        return markup

    monkeypatch.setattr(sanitizing, "clean_html", slow)
    # when a mail with text and HTML arrives
    receipt = receive_mail(raw=_multipart(HTML, TEXT), mailbox="pipe")
    # then the request is opened from the text part and no HTML is kept
    assert receipt.state == "opened"
    assert Ticket.objects.get().messages.get().body == "Plain words."
    assert InboundMessage.objects.get().html_sanitized == ""
