"""Invoice / bank transfer: works without any keys.

Checkout issues the invoice and shows it with the bank details; staff mark the order paid when the
transfer arrives (console or admin), which activates the purchase. A refund is a transfer staff
make by hand; the system only takes the purchase back.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from desk.billing import services
from desk.billing.models import Order
from desk.billing.providers import CheckoutStart


class OfflineProvider:
    code = "offline"
    label = _("Invoice / bank transfer")
    is_manual = True

    def is_enabled(self) -> bool:
        return True

    def start_checkout(self, order: Order) -> CheckoutStart:
        invoice = services.issue_invoice(order=order)
        services.set_provider_reference(order=order, reference=invoice.number)
        return CheckoutStart(redirect_url=reverse("portal:order", kwargs={"order_id": order.pk}))

    def refund(self, order: Order) -> str:
        return ""
