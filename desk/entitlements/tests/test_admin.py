"""Admin: actions call services; the ledger and invoices cannot be edited."""

import pytest
from django.test import override_settings
from django.urls import reverse

from desk.billing import services as billing_services
from desk.billing.models import Order, OrderStatus
from desk.billing.tests.factories import pending_order
from desk.entitlements import services
from desk.entitlements.models import (
    CreditEntry,
    Subscription,
    SubscriptionEvent,
    SubscriptionEventKind,
    UsageKind,
)
from desk.entitlements.tests.factories import credits_for, subscription_for


@pytest.fixture
def as_admin(client, staff_admin, password):
    client.login(email=staff_admin.email, password=password)
    return client


def _action(client, model, action, pks):
    return client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in pks]},
        follow=True,
    )


def test_mark_paid_action_confirms_each_order_once(as_admin, staff_admin, alice):
    waiting = pending_order(alice, "incident-normal", quantity=2)
    already = pending_order(alice, "incident-urgent")
    services.confirm_payment(order_id=already.pk)

    response = _action(as_admin, "billing_order", "mark_paid", [waiting.pk, already.pk])

    waiting.refresh_from_db()
    assert (waiting.status, waiting.marked_paid_by) == (OrderStatus.PAID, staff_admin)
    assert CreditEntry.objects.filter(order=waiting).get().delta == 2
    assert CreditEntry.objects.filter(order=already).count() == 1
    content = response.content.decode()
    assert "1 order marked paid and activated." in content
    assert "1 order was not awaiting payment and was left unchanged." in content


def test_cancel_action_cancels_only_pending_orders(as_admin, alice):
    waiting = pending_order(alice, "incident-normal")
    paid = pending_order(alice, "incident-normal")
    services.confirm_payment(order_id=paid.pk)

    _action(as_admin, "billing_order", "cancel", [waiting.pk, paid.pk])

    assert Order.objects.get(pk=waiting.pk).status == OrderStatus.CANCELLED
    assert Order.objects.get(pk=paid.pk).status == OrderStatus.PAID


def test_order_list_filters_by_status(as_admin, alice):
    pending_order(alice, "incident-normal")
    response = as_admin.get(reverse("admin:billing_order_changelist"), {"status__exact": "paid"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


@override_settings(DESK_FAIR_USE_MAX_REQUESTS=0)
def test_clear_fair_use_flag_action(as_admin, staff_admin, alice):
    subscription = subscription_for(alice)
    services.record_usage(subscription=subscription, kind=UsageKind.REQUEST)
    flagged = as_admin.get(
        reverse("admin:entitlements_subscription_changelist"), {"fair_use": "flagged"}
    )
    assert flagged.context["cl"].result_count == 1

    _action(as_admin, "entitlements_subscription", "clear_fair_use_flag", [subscription.pk])

    assert Subscription.objects.get(pk=subscription.pk).fair_use_flagged_at is None
    cleared = SubscriptionEvent.objects.get(kind=SubscriptionEventKind.FAIR_USE_CLEARED)
    assert cleared.data["by"] == staff_admin.pk


@pytest.mark.parametrize(
    "model", ["entitlements_creditentry", "entitlements_creditbalance", "billing_invoice"]
)
def test_ledger_balances_and_invoices_are_read_only(as_admin, alice, model):
    credits_for(alice, "normal")
    order = pending_order(alice, "incident-normal")
    billing_services.issue_invoice(order=order)

    changelist = as_admin.get(reverse(f"admin:{model}_changelist"))
    add = as_admin.get(reverse(f"admin:{model}_add"))

    assert changelist.status_code == 200
    assert add.status_code == 403
    assert not changelist.context["cl"].model_admin.has_delete_permission(changelist.wsgi_request)
    assert not changelist.context["cl"].model_admin.has_change_permission(changelist.wsgi_request)


def test_credit_entry_change_form_does_not_save(as_admin, alice):
    credits_for(alice, "normal")
    entry = CreditEntry.objects.get()
    url = reverse("admin:entitlements_creditentry_change", args=[entry.pk])
    as_admin.post(url, {"delta": "50", "priority": "normal", "reason": "purchase"})
    entry.refresh_from_db()
    assert entry.delta == 1
