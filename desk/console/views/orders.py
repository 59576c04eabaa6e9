"""Console: orders by state, "Mark paid" when a bank transfer arrives, and refunds.

Engineers and superusers only; anyone else gets 404 so the page does not reveal that it exists.
Marking paid records the bank transfer that arrived (amount and day, checked against the order)
through `desk.entitlements.services.record_offline_payment`, which also activates the purchase,
exactly once; refunding is one call to `desk.entitlements.payments.refund_order`,
which gives the money back through the provider and takes the purchase back, exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Concatenate, ParamSpec
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from desk.accounts.models import User
from desk.billing.access import access_order_for_staff
from desk.billing.models import Order, OrderStatus
from desk.billing.providers import get_provider
from desk.billing.selectors import orders_for_staff
from desk.core import clock
from desk.core.errors import DeskError, NotFound
from desk.core.pagination import paginate
from desk.entitlements.models import CreditDeficit
from desk.entitlements.payments import refund_order
from desk.entitlements.services import record_offline_payment

P = ParamSpec("P")
StaffView = Callable[Concatenate[HttpRequest, User, P], HttpResponse]


def staff_required(view: StaffView[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Pass on the signed-in active engineer or superuser; anyone else gets 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        user = request.user
        if not (isinstance(user, User) and user.is_active):
            raise Http404
        if not (user.is_engineer or user.is_superuser):
            raise Http404
        return view(request, user, *args, **kwargs)

    return wrapper


@staff_required
@require_GET
def order_list(request: HttpRequest, user: User) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    if status not in OrderStatus.values:
        status = OrderStatus.PENDING
    page = paginate(orders_for_staff(status=status, search=search), request.GET.get("page"))
    kept = {key: value for key, value in (("q", search), ("status", status)) if value}
    context = {
        "page_obj": page,
        "orders": page.object_list,
        "search": search,
        "status": status,
        "statuses": OrderStatus.choices,
        "is_pending_list": status == OrderStatus.PENDING,
        "query": urlencode(kept) if search or status != OrderStatus.PENDING else "",
    }
    return render(request, "console/orders/list.html", context)


def _staff_order(user: User, order_id: int) -> Order:
    try:
        return access_order_for_staff(user, order_id)
    except NotFound as exc:
        raise Http404 from exc


class MarkPaidForm(forms.Form):
    """What arrived: the amount (in the order's currency) and the day, both checked by the
    service; the amount is typed, never prefilled, so that it is read off the bank statement."""

    amount = forms.DecimalField(
        label=gettext_lazy("Amount received"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    received_on = forms.DateField(
        label=gettext_lazy("Date received"), widget=forms.DateInput(attrs={"type": "date"})
    )


def _mark_paid_form(data: dict[str, str] | None = None) -> MarkPaidForm:
    initial = {"received_on": timezone.localdate(clock.now()).isoformat()}
    return MarkPaidForm(data, initial=initial, auto_id="mark_paid_%s")


@staff_required
@require_GET
def order_detail(request: HttpRequest, user: User, order_id: int) -> HttpResponse:
    return _render_detail(request, _staff_order(user, order_id), _mark_paid_form())


def _render_detail(
    request: HttpRequest,
    order: Order,
    form: MarkPaidForm,
    *,
    error: DeskError | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "mark_paid_form": form,
        "mark_paid_error": error,
        "order": order,
        "invoice": getattr(order, "invoice", None),
        "provider": get_provider(order.provider),
        "deficit": CreditDeficit.objects.filter(order=order).first(),
        "can_refund": order.status == OrderStatus.PAID,
        "is_pending": order.status == OrderStatus.PENDING,
    }
    return render(request, "console/orders/detail.html", context, status=status)


@staff_required
@require_POST
def order_refund(request: HttpRequest, user: User, order_id: int) -> HttpResponse:
    order = _staff_order(user, order_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the confirmation to refund this order."))
        return redirect("console:order", order_id=order.pk)
    try:
        revoked = refund_order(order_id=order.pk, by=user)
    except DeskError as error:
        messages.error(request, error.message)
        return redirect("console:order", order_id=order.pk)
    if revoked:
        text = _("Order %(number)s refunded; the purchase was taken back.")
    else:
        text = _("Order %(number)s was refunded already; nothing changed.")
    messages.success(request, text % {"number": order.number})
    return redirect("console:order", order_id=order.pk)


@staff_required
@require_POST
def order_mark_paid(request: HttpRequest, user: User, order_id: int) -> HttpResponse:
    """Record an offline payment; on a refusal the order page comes back with what was typed,
    the error's code and message, and nothing changed."""
    order = _staff_order(user, order_id)
    form = _mark_paid_form(request.POST)
    if not form.is_valid():
        return _render_detail(request, order, form, status=400)
    try:
        record_offline_payment(
            order_id=order.pk,
            by=user,
            amount=form.cleaned_data["amount"],
            currency=order.currency,
            received_on=form.cleaned_data["received_on"],
        )
    except DeskError as error:
        order.refresh_from_db()
        return _render_detail(request, order, form, error=error, status=error.status)
    messages.success(
        request,
        _("Order %(number)s marked paid; the customer's purchase is active.")
        % {"number": order.number},
    )
    return redirect("console:order", order_id=order.pk)
