"""Loading calls with a permission check: customers reach the calls of their own requests,
active engineers and superusers every call; anything else is the same 404."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from desk.accounts.models import User
from desk.calls import errors
from desk.calls.models import Call


def access_call(user: User | AnonymousUser, call_id: int) -> Call:
    if not isinstance(user, User) or not user.is_active:
        raise errors.call_not_found()
    calls = Call.objects.select_related("ticket__customer", "ticket__plan", "engineer__user")
    if not (user.is_superuser or user.is_engineer):
        calls = calls.filter(ticket__customer=user)
    call = calls.filter(pk=call_id).first()
    if call is None:
        raise errors.call_not_found()
    return call


def access_own_call(user: User | AnonymousUser, call_id: int) -> Call:
    """A call of the customer's own request (engineers too reach only their own here)."""
    call = access_call(user, call_id)
    if not isinstance(user, User) or call.ticket.customer_id != user.pk:
        raise errors.call_not_found()
    return call
