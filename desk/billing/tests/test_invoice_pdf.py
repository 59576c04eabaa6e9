"""Invoices as PDF: in the customer's language, for the customer and staff only."""

import pytest
from django.urls import reverse
from django.utils import translation
from reportlab.platypus import Paragraph

from desk.billing import invoice_pdf, services
from desk.billing.invoice_pdf import render_invoice_pdf
from desk.billing.tests.factories import pending_order


def paid_order(customer, plan_code="incident-urgent"):
    """Paid as far as billing goes (granting is entitlements' job, above us)."""
    order = pending_order(customer, plan_code)
    services.mark_order_paid(order_id=order.pk, by=None)
    services.issue_invoice(order=order)
    order.refresh_from_db()
    return order


def pdf_text(data: bytes) -> str:
    # The font is embedded as a subset: check the document, not its glyph streams.
    return data.decode("latin-1")


def test_every_paid_order_has_an_invoice(alice):
    order = paid_order(alice)
    assert order.invoice.number.startswith("INV-")
    assert order.invoice.amount == order.amount


@pytest.mark.parametrize(
    ("customer", "language", "plan_name"),
    [
        ("alice", "en", "Support subscription, 1 year"),
        ("bob", "ru", "Подписка на поддержку, 1 год"),
    ],
)
def test_the_pdf_renders_in_the_customers_language(
    customer, language, plan_name, request, monkeypatch
):
    # given a spy on the paragraphs printed
    printed = []
    real = Paragraph

    def spy(text, style):
        printed.append((text, translation.get_language()))
        return real(text, style)

    monkeypatch.setattr(invoice_pdf, "Paragraph", spy)
    order = paid_order(request.getfixturevalue(customer), "subscription-1y")
    # when
    data = render_invoice_pdf(order.invoice)
    # then
    assert data.startswith(b"%PDF-")
    assert "+DejaVuSans" in pdf_text(data)  # the embedded TTF subset (Cyrillic glyphs)
    assert {lang for _, lang in printed} == {language}
    texts = [text for text, _ in printed]
    assert plan_name in texts
    assert order.invoice.number in " ".join(texts)
    assert "USD 990.00" in texts
    assert any(text.startswith(("Period", "Период")) for text in texts)


def test_the_customer_downloads_the_pdf(client, alice, password):
    order = paid_order(alice)
    client.login(email=alice.email, password=password)
    response = client.get(reverse("portal:order_invoice_pdf", args=[order.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{order.invoice.number}.pdf"'


def test_staff_download_it_too(client, alice, engineer_en, password):
    order = paid_order(alice)
    client.login(email=engineer_en.user.email, password=password)
    assert client.get(reverse("portal:order_invoice_pdf", args=[order.pk])).status_code == 200


def test_another_customer_gets_404(client, alice, bob, password):
    order = paid_order(alice)
    client.login(email=bob.email, password=password)
    assert client.get(reverse("portal:order_invoice_pdf", args=[order.pk])).status_code == 404


def test_an_order_without_invoice_is_404(client, alice, password):
    order = pending_order(alice, "incident-normal")
    client.login(email=alice.email, password=password)
    assert client.get(reverse("portal:order_invoice_pdf", args=[order.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, alice):
    order = paid_order(alice)
    response = client.get(reverse("portal:order_invoice_pdf", args=[order.pk]))
    assert response.status_code == 302
