"""Every mail template exists and renders in both languages."""

from __future__ import annotations

import pytest

from desk.outbox.rendering import render_mail

TEMPLATES = [
    "ticket_reply",
    "ticket_status",
    "ticket_bug",
    "sla_warning",
    "sla_breached",
    "order_paid",
    "invoice_issued",
    "password_reset",
    "helpdesk_pointer",
    "inbound_needs_review",
    "inbound_oversize",
    "quote_offered",
    "auto_close_reminder",
    "satisfaction_survey",
    "satisfaction_follow_up",
    "bug_closed",
    "contact_sign_in",
]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_template_renders(template, language):
    # when a template is rendered with an empty context
    rendered = render_mail(template, language, {})
    # then subject, text and HTML are all there and the subject is one line
    assert rendered.subject
    assert "\n" not in rendered.subject
    assert rendered.text.strip()
    assert rendered.html.startswith("<!doctype html>")
    assert f'<html lang="{language}">' in rendered.html


@pytest.mark.parametrize(
    ("status", "language", "subject"),
    [
        ("resolved", "en", "[REQ-000001] Resolved: Slow shop"),
        ("closed", "en", "[REQ-000001] Closed: Slow shop"),
        ("waiting", "ru", "[REQ-000001] Ждём вашего ответа: Slow shop"),
        ("open", "ru", "[REQ-000001] Открыто снова: Slow shop"),
    ],
)
def test_status_subjects(status, language, subject):
    context = {"reference": "REQ-000001", "subject": "Slow shop", "status": status}
    assert render_mail("ticket_status", language, context).subject == subject


def test_unknown_language_falls_back_to_english():
    assert render_mail("password_reset", "de", {}).subject == "Reset your Supportdesk password"
