"""Which entitlement pays for a new request, and what that entitlement covers (PRODUCT.md §2-3)."""

from __future__ import annotations

from desk.accounts.models import User
from desk.catalog.models import IncidentPriority
from desk.entitlements import errors as entitlement_errors
from desk.entitlements.selectors import EntitlementOption, entitlement_options
from desk.stores.models import Store
from desk.tickets import errors
from desk.tickets.scope import SUBSCRIPTION_ONLY


def choose_entitlement(
    customer: User, store: Store, *, is_hotrush: bool, credit_priority: str | None
) -> EntitlementOption:
    """The store's active subscription wins; else the credit asked for, else Urgent for Hotrush,
    else Normal if there is one, else Urgent. Raises `no_entitlement`, `no_incident_credit`."""
    options = entitlement_options(customer, store)
    if not options:
        raise entitlement_errors.no_entitlement()
    if options[0].subscription is not None:
        return options[0]
    by_priority = {option.credit_priority: option for option in options}
    if credit_priority is not None:
        if credit_priority not in by_priority:
            raise entitlement_errors.no_incident_credit()
        return by_priority[credit_priority]
    preferred = (
        (IncidentPriority.URGENT, IncidentPriority.NORMAL)
        if is_hotrush
        else (IncidentPriority.NORMAL, IncidentPriority.URGENT)
    )
    return next(by_priority[p] for p in preferred if p in by_priority)


def check_coverage(option: EntitlementOption, *, category: str, is_hotrush: bool) -> None:
    """Raises `installation_needs_subscription`, `hotrush_not_allowed`."""
    if category in SUBSCRIPTION_ONLY and (
        option.subscription is None or not option.subscription.plan.includes_installation
    ):
        raise errors.installation_needs_subscription()
    if is_hotrush and not option.allows_hotrush:
        raise entitlement_errors.hotrush_not_allowed()
