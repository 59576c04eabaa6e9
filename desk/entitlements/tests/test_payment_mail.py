"""Paying for an order mails the customer once, in their language; issuing the invoice too."""

from django.core import mail

from desk.billing import services as billing_services
from desk.billing.tests.factories import pending_order
from desk.entitlements import services
from desk.outbox.models import OutboxMail


def test_confirm_payment_mails_the_customer_once_in_their_language(bob, engineer_en, deliver_mail):
    # given a pending order of a Russian-speaking customer, its invoice already mailed
    order = pending_order(bob, "incident-normal")
    with deliver_mail():
        billing_services.issue_invoice(order=order)
    mail.outbox.clear()
    # when staff confirm the payment twice
    with deliver_mail():
        services.confirm_payment(order_id=order.pk, by=engineer_en.user)
        services.confirm_payment(order_id=order.pk, by=engineer_en.user)
    # then exactly one mail arrived, in Russian, naming the order
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to[0].endswith(f"<{bob.email}>")
    assert order.number in sent.body
    assert "Один инцидент, обычный" in sent.body
    assert OutboxMail.objects.filter(event_key=f"order-paid:{order.pk}").count() == 1


def test_issuing_an_invoice_mails_its_number_once(alice, deliver_mail):
    # given
    order = pending_order(alice, "subscription-1m")
    # when the invoice is asked for twice
    with deliver_mail():
        invoice = billing_services.issue_invoice(order=order)
        billing_services.issue_invoice(order=order)
    # then one mail with the invoice number and amount
    assert len(mail.outbox) == 1
    assert invoice.number in mail.outbox[0].body
    assert "USD 149.00" in mail.outbox[0].body
