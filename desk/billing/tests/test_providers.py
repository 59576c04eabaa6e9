import pytest

from desk.billing import services
from desk.billing.models import Invoice
from desk.billing.providers import REGISTRY, PaymentProvider, get_provider
from desk.billing.tests.factories import pending_order
from desk.core.errors import DeskError


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_registered_provider_loads(code):
    provider = get_provider(code)
    assert isinstance(provider, PaymentProvider)
    assert provider.code == code
    assert str(provider.label)


def test_unknown_provider_is_a_desk_error():
    with pytest.raises(DeskError) as caught:
        get_provider("nope")
    assert caught.value.code == "unknown_provider"


def test_offline_checkout_issues_the_invoice_and_shows_it(alice):
    # given
    order = pending_order(alice, "incident-urgent")
    # when
    start = services.start_checkout(order=order)
    # then
    invoice = Invoice.objects.get(order=order)
    order.refresh_from_db()
    assert start.redirect_url == f"/orders/{order.pk}/"
    assert order.provider_reference == invoice.number


def test_offline_checkout_twice_keeps_one_invoice(alice):
    order = pending_order(alice, "incident-urgent")
    services.start_checkout(order=order)
    services.start_checkout(order=order)
    assert Invoice.objects.filter(order=order).count() == 1


def test_checkout_of_a_cancelled_order_is_refused(alice):
    order = pending_order(alice, "incident-urgent")
    services.cancel_order(order_id=order.pk)
    order.refresh_from_db()
    with pytest.raises(DeskError) as caught:
        services.start_checkout(order=order)
    assert caught.value.code == "order_not_pending"
    assert not Invoice.objects.exists()
