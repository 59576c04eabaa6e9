"""The customer's commerce: stores, subscriptions, incident credits, orders.

Thin: writes are calls into `desk.stores` / `desk.billing` services, loads go through `access_*`
(a foreign or missing object is the same 404), lists come from selectors that join related rows,
so each list runs a fixed number of queries.
"""

# No `from __future__ import annotations`: ninja resolves the string annotations of a
# paginated view in the pagination module, where the query schemas are not defined.

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from desk.api.callers import signed_in_user
from desk.api.pagination import DeskPagination
from desk.api.schemas import (
    CreditEntryOut,
    CreditsOut,
    OrderDetailOut,
    OrderIn,
    OrderOut,
    OrderPlacedOut,
    StoreIn,
    StoreOut,
    SubscriptionOut,
    error_responses,
    with_redirect_url,
    write_responses,
)
from desk.billing import errors as billing_errors
from desk.billing import services as billing_services
from desk.billing.access import access_order
from desk.billing.models import Order
from desk.billing.selectors import orders_of
from desk.catalog.selectors import plan_on_sale
from desk.entitlements.models import CreditEntry, Subscription
from desk.entitlements.selectors import (
    credit_balances,
    credit_entries_of,
    stores_with_subscription,
    subscriptions_of,
)
from desk.stores import services as store_services
from desk.stores.access import access_store
from desk.stores.models import Store

router = Router(tags=["customer"])


# --- stores -----------------------------------------------------------------------------------


@router.get("/stores", response={200: list[StoreOut], **error_responses()})
@paginate(DeskPagination)
def list_stores(request: HttpRequest) -> QuerySet[Store]:
    """Your stores by address, each with its subscription (if any)."""
    return stores_with_subscription(signed_in_user(request))


@router.post("/stores", response={201: StoreOut, **write_responses(400, 409)})
def add_store(request: HttpRequest, payload: StoreIn) -> Status[Store]:
    """Register a store by its URL. Codes: `invalid_store_url`, `store_already_added`,
    `store_taken`."""
    return Status(201, store_services.add_store(customer=signed_in_user(request), url=payload.url))


@router.get("/stores/{store_id}", response={200: StoreOut, **error_responses(404)})
def get_store(request: HttpRequest, store_id: int) -> Store:
    """One of your stores. Code: `store_not_found`."""
    return access_store(signed_in_user(request), store_id)


# --- subscriptions and credits ----------------------------------------------------------------


@router.get("/subscriptions", response={200: list[SubscriptionOut], **error_responses()})
@paginate(DeskPagination)
def list_subscriptions(request: HttpRequest) -> QuerySet[Subscription]:
    """Your subscriptions, latest end first."""
    return subscriptions_of(signed_in_user(request))


@router.get("/credits", response={200: CreditsOut, **error_responses()})
def get_credits(request: HttpRequest) -> dict[str, int]:
    """Unused incident credits per priority."""
    return credit_balances(signed_in_user(request))


@router.get("/credits/entries", response={200: list[CreditEntryOut], **error_responses()})
@paginate(DeskPagination)
def list_credit_entries(request: HttpRequest) -> QuerySet[CreditEntry]:
    """The credit ledger, newest first: purchases, uses and returns."""
    return credit_entries_of(signed_in_user(request))


# --- orders -----------------------------------------------------------------------------------


@router.get("/orders", response={200: list[OrderOut], **error_responses()})
@paginate(DeskPagination)
def list_orders(request: HttpRequest) -> QuerySet[Order]:
    """Your orders, newest first."""
    return orders_of(signed_in_user(request))


@router.post("/orders", response={201: OrderPlacedOut, **write_responses(400, 404, 503)})
def place_order(request: HttpRequest, payload: OrderIn) -> Status[Order]:
    """Order a plan and start paying it; nothing is granted until the payment arrives.

    `provider`: `offline` (default) issues the invoice, and the answer carries its number (the
    payment reference) and the bank details; `stripe` (only when card payment is offered) starts
    a Checkout Session. Either way `redirect_url` is where the customer pays: the Stripe page, or
    the portal's order page. If Stripe does not answer (503) the order stays pending; it can be
    paid from the portal's order page.

    Codes: `plan_not_on_sale` (404), `store_not_found` (404), `store_required`,
    `store_not_applicable`, `invalid_quantity`, `unknown_provider` (unknown or not offered),
    `provider_unavailable` (503).
    """
    customer = signed_in_user(request)
    plan = plan_on_sale(payload.plan_code)
    if plan is None:
        raise billing_errors.plan_not_on_sale()
    store = access_store(customer, payload.store_id) if payload.store_id is not None else None
    order = billing_services.place_order(
        customer=customer,
        plan=plan,
        store=store,
        quantity=payload.quantity,
        provider=payload.provider,
    )
    start = billing_services.start_checkout(order=order)  # offline: issues the invoice
    return Status(201, with_redirect_url(access_order(customer, order.pk), start.redirect_url))


@router.get("/orders/{order_id}", response={200: OrderDetailOut, **error_responses(404)})
def get_order(request: HttpRequest, order_id: int) -> Order:
    """One of your orders; while unpaid, with the payment reference and bank details.
    Code: `order_not_found`."""
    return access_order(signed_in_user(request), order_id)
