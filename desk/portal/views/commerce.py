"""Customer commerce pages: stores, checkout, orders with their invoices, subscriptions and credits.

Thin: state changes are calls into `desk.stores`, `desk.billing` services; loads go through
`access_*`, so a foreign or missing order is the same 404. Every list page runs a fixed number of
queries whatever the number of rows (related rows are joined by the selectors).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desk.accounts.models import User
from desk.billing import services as billing_services
from desk.billing.access import access_order, access_order_invoice
from desk.billing.invoice_pdf import invoice_filename, render_invoice_pdf
from desk.billing.models import REVOKED_STATUSES, Invoice, Order, OrderStatus
from desk.billing.providers import PaymentProvider, enabled_providers, get_provider
from desk.billing.selectors import orders_of
from desk.catalog.models import Plan, PlanKind
from desk.catalog.selectors import plan_on_sale, plans_on_sale
from desk.core import clock
from desk.core.errors import DeskError, NotFound
from desk.core.pagination import paginate
from desk.entitlements.models import Subscription
from desk.entitlements.selectors import (
    active_subscription_for_store,
    credit_entries_of,
    credit_summary,
    stores_with_subscription,
    subscriptions_of,
)
from desk.portal.forms.commerce import AddStoreForm, BuyForm
from desk.stores import services as store_services
from desk.stores.models import Store
from desk.stores.selectors import stores_of


def _customer(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required ran first; this narrows the type
        raise Http404
    return user


def _own_order(request: HttpRequest, order_id: int) -> Order:
    try:
        return access_order(_customer(request), order_id)
    except NotFound as exc:
        raise Http404 from exc


def _subscription_plans() -> list[Plan]:
    return list(plans_on_sale().filter(kind=PlanKind.SUBSCRIPTION))


# --- stores -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreRow:
    store: Store
    subscription: Subscription | None
    is_active: bool


def _store_rows(stores: list[Store], now: datetime) -> list[StoreRow]:
    rows = []
    for store in stores:
        try:
            subscription: Subscription | None = store.subscription
        except Subscription.DoesNotExist:
            subscription = None
        active = subscription is not None and subscription.is_active_at(now)
        rows.append(StoreRow(store, subscription, active))
    return rows


def _render_stores(request: HttpRequest, form: AddStoreForm, *, status: int = 200) -> HttpResponse:
    page = paginate(stores_with_subscription(_customer(request)), request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": _store_rows(list(page.object_list), clock.now()),
        "form": form,
        "subscription_plans": _subscription_plans(),
    }
    return render(request, "portal/commerce/stores.html", context, status=status)


@login_required
@require_GET
def store_list(request: HttpRequest) -> HttpResponse:
    return _render_stores(request, AddStoreForm())


@login_required
@require_POST
def store_add(request: HttpRequest) -> HttpResponse:
    form = AddStoreForm(request.POST)
    if form.is_valid():
        try:
            store = store_services.add_store(
                customer=_customer(request), url=form.cleaned_data["url"]
            )
        except DeskError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Store %(store)s added.") % {"store": store.canonical_url})
            return redirect("portal:stores")
    return _render_stores(request, form, status=400)


# --- checkout ---------------------------------------------------------------------------------


def _preselected_store(request: HttpRequest, customer: User) -> Store | None:
    """The store named by `?store=`, else one of the customer's stores: the first that no
    subscription covers (the one most likely being bought for), else the first. "A new store"
    is preselected only for a customer without stores."""
    stores = stores_of(customer)
    raw = request.GET.get("store", "")
    if raw.isascii() and raw.isdigit():
        named = stores.filter(pk=int(raw)).first()
        if named is not None:
            return named
    candidates = list(stores[:50])
    uncovered = (store for store in candidates if active_subscription_for_store(store) is None)
    return next(uncovered, candidates[0] if candidates else None)


def _render_buy(
    request: HttpRequest, plan: Plan, form: BuyForm, *, store: Store | None, status: int = 200
) -> HttpResponse:
    context = {
        "plan": plan,
        "form": form,
        "has_stores": plan.is_subscription and stores_of(_customer(request)).exists(),
        "renewing": active_subscription_for_store(store) if store is not None else None,
        "providers": form.providers,
        "provider": form.providers[0],
    }
    return render(request, "portal/commerce/buy.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def buy(request: HttpRequest, plan_code: str) -> HttpResponse:
    customer = _customer(request)
    plan = plan_on_sale(plan_code)
    if plan is None:
        raise Http404
    if request.method != "POST":
        store = _preselected_store(request, customer) if plan.is_subscription else None
        form = BuyForm(
            plan=plan,
            stores=stores_of(customer),
            providers=enabled_providers(),
            initial={"store": store},
        )
        return _render_buy(request, plan, form, store=store)
    form = BuyForm(
        request.POST, plan=plan, stores=stores_of(customer), providers=enabled_providers()
    )
    if not form.is_valid():
        return _render_buy(request, plan, form, store=None, status=400)
    try:
        order = _place_order(customer, plan, form.cleaned_data)
    except DeskError as error:
        form.add_service_error(error)
        return _render_buy(request, plan, form, store=None, status=400)
    return _start_checkout(request, order)


def _place_order(customer: User, plan: Plan, data: dict[str, Any]) -> Order:
    store: Store | None = None
    if plan.is_subscription:
        store = data.get("store")
        if data.get("new_store_url"):
            store = store_services.find_or_add_store(customer=customer, url=data["new_store_url"])
    return billing_services.place_order(
        customer=customer,
        plan=plan,
        store=store,
        quantity=data.get("quantity") or 1,
        provider=data.get("provider") or "offline",
    )


def _start_checkout(request: HttpRequest, order: Order) -> HttpResponse:
    try:
        start = billing_services.start_checkout(order=order)
    except DeskError as error:
        messages.error(request, error.message)
        return redirect("portal:order", order_id=order.pk)
    return redirect(start.redirect_url)


# --- orders and invoices ----------------------------------------------------------------------


@login_required
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    page = paginate(orders_of(_customer(request)), request.GET.get("page"))
    return render(
        request,
        "portal/commerce/orders.html",
        {"page_obj": page, "orders": page.object_list},
    )


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    store: str | None
    period_months: int | None
    credits: int | None
    quantity: int
    unit_price: str
    amount: str


def _invoice_lines(invoice: Invoice) -> list[InvoiceLine]:
    russian = get_language() == "ru"
    return [
        InvoiceLine(
            description=(line.get("description_ru") if russian else None) or line["description"],
            store=line.get("store"),
            period_months=line.get("period_months"),
            credits=line.get("credits"),
            quantity=line.get("quantity", 1),
            unit_price=line.get("unit_price", ""),
            amount=line.get("amount", ""),
        )
        for line in invoice.lines
    ]


@login_required
@require_GET
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    """Also the page Stripe sends the customer back to (`?checkout=success|cancelled`): it shows
    the order's real state, which only the webhook changes."""
    order = _own_order(request, order_id)
    invoice: Invoice | None = getattr(order, "invoice", None)
    provider: PaymentProvider = get_provider(order.provider)
    checkout = request.GET.get("checkout", "")
    context = {
        "order": order,
        "invoice": invoice,
        "lines": _invoice_lines(invoice) if invoice is not None else [],
        "seller": invoice.seller if invoice is not None else {},
        "bank": invoice.seller.get("bank", {}) if invoice is not None else {},
        "is_pending": order.status == OrderStatus.PENDING,
        "is_paid": order.status == OrderStatus.PAID,
        "is_revoked": order.status in REVOKED_STATUSES,
        "pays_by_card": not provider.is_manual,
        "provider": provider,
        "checkout": checkout if checkout in ("success", "cancelled") else "",
        # The invoice's date is the seller's, as printed on the PDF, whatever the viewer's zone.
        "invoice_zone": billing_services.INVOICE_ZONE.key,
    }
    return render(request, "portal/commerce/order.html", context)


@login_required
@require_GET
def order_invoice_pdf(request: HttpRequest, order_id: int) -> HttpResponse:
    """The invoice as a PDF download, for the order's customer (and staff), in the customer's
    language. An order without an invoice is a 404."""
    try:
        order = access_order_invoice(_customer(request), order_id)
    except NotFound as exc:
        raise Http404 from exc
    invoice = order.invoice
    response = HttpResponse(render_invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice_filename(invoice)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def order_pay(request: HttpRequest, order_id: int) -> HttpResponse:
    """Start (or restart) paying a pending order, e.g. when its invoice was not issued yet."""
    return _start_checkout(request, _own_order(request, order_id))


@login_required
@require_POST
def order_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _own_order(request, order_id)
    if billing_services.cancel_order(order_id=order.pk):
        messages.success(request, _("Order %(number)s cancelled.") % {"number": order.number})
    else:
        messages.error(request, _("This order is no longer awaiting payment."))
    return redirect("portal:order", order_id=order.pk)


# --- subscriptions and credits ----------------------------------------------------------------


@login_required
@require_POST
def subscription_renew(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """One click: order the same plan for the same store; the new period starts at the current
    end (`grant_subscription`). Paid by card when configured, else by invoice."""
    customer = _customer(request)
    subscription = subscriptions_of(customer).filter(pk=subscription_id).first()
    if subscription is None:
        raise Http404
    try:
        order = billing_services.place_order(
            customer=customer,
            plan=subscription.plan,
            store=subscription.store,
            provider=enabled_providers()[0].code,
        )
    except DeskError as error:
        messages.error(request, error.message)
        return redirect("portal:subscriptions")
    return _start_checkout(request, order)


@login_required
@require_GET
def subscription_list(request: HttpRequest) -> HttpResponse:
    customer = _customer(request)
    now = clock.now()
    subscriptions = paginate(subscriptions_of(customer), request.GET.get("page"))
    ledger = paginate(credit_entries_of(customer), request.GET.get("ledger_page"))
    context = {
        "page_obj": subscriptions,
        "subscriptions": [(s, s.is_active_at(now)) for s in subscriptions.object_list],
        "credits": credit_summary(customer),
        "ledger_page": ledger,
        "entries": ledger.object_list,
        # Each pager keeps the other's position.
        "subscriptions_query": urlencode({"ledger_page": ledger.number}),
        "ledger_query": urlencode({"page": subscriptions.number}),
    }
    return render(request, "portal/commerce/subscriptions.html", context)
