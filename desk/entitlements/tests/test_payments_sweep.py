from io import StringIO

from django.core.management import call_command

from desk.billing import services as billing_services
from desk.billing.tests.factories import pending_order


def test_the_sweep_fulfils_a_paid_order_left_unfulfilled(alice):
    order = pending_order(alice, "incident-normal")
    billing_services.mark_order_paid(order_id=order.pk, by=None)
    out = StringIO()
    call_command("payments_sweep", stdout=out)
    assert out.getvalue().strip() == "events 0 orders 1 reminders 0"
    order.refresh_from_db()
    assert order.fulfilled_at is not None
