"""The inbound-mail webhook: signed raw messages are stored; unsigned ones are refused."""

from __future__ import annotations

from desk.mail.models import InboundMessage
from desk.mail.tests.builders import raw_mail
from desk.mail.views import signature

URL = "/webhooks/inbound-mail/"


def _post(client, raw: bytes, sig: str):
    return client.post(
        URL,
        data=raw,
        content_type="message/rfc822",
        headers={
            "X-Supportdesk-Signature": sig,
            "X-Supportdesk-Recipient": "sales@supportdesk.example",
        },
    )


def test_signed_mail_is_stored(client, db):
    raw = raw_mail(sender="buyer@example.net", to="sales@supportdesk.example")
    response = _post(client, raw, signature(raw, "test-webhook-secret"))
    # a prospect writing to Sales opens a request there (issue 12 point 7)
    assert (response.status_code, response.json()) == (200, {"state": "opened", "reason": ""})
    record = InboundMessage.objects.get()
    assert (record.mailbox, record.envelope_recipient, bytes(record.raw)) == (
        "webhook",
        "sales@supportdesk.example",
        raw,
    )


def test_bad_signature_is_refused_and_nothing_stored(client, db):
    raw = raw_mail()
    for sig in [
        "",
        "sha256=00",
        signature(raw, "another-secret"),
        signature(raw + b"x", "test-webhook-secret"),
    ]:
        response = _post(client, raw, sig)
        assert (response.status_code, response.json()) == (403, {"code": "bad_signature"})
    assert InboundMessage.objects.count() == 0


def test_webhook_refuses_when_no_secret_is_configured(client, db, settings):
    settings.DESK_MAIL_WEBHOOK_SECRET = ""
    raw = raw_mail()
    assert _post(client, raw, signature(raw, "")).status_code == 403


def test_webhook_over_the_limit_stores_nothing_and_checks_no_signature(client, db, settings):
    settings.DESK_MAIL_INBOUND_MAX_BYTES = 1000
    response = client.generic(
        "POST", "/webhooks/inbound-mail/", b"x" * 1001, content_type="message/rfc822"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert InboundMessage.objects.count() == 0


def test_get_is_not_allowed(client, db):
    assert client.get(URL).status_code == 405
