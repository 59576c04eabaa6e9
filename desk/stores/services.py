"""Every state change of stores."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from desk.accounts.models import User
from desk.core.errors import DeskError
from desk.stores import errors
from desk.stores.canonical import canonical_store_url
from desk.stores.models import Store


def add_store(*, customer: User, url: str) -> Store:
    """Register a store by URL for `customer`.

    Raises `invalid_store_url`, `store_already_added` (it is yours) or `store_taken` (another
    account owns that canonical URL).
    """
    canonical = canonical_store_url(url)
    _refuse_registered(canonical, customer)
    try:
        with transaction.atomic():
            return Store.objects.create(
                customer=customer, canonical_url=canonical, entered_url=url.strip()[:2000]
            )
    except IntegrityError:  # lost a race with a concurrent registration: say whose it is now
        _refuse_registered(canonical, customer)
        raise


def find_or_add_store(*, customer: User, url: str) -> Store:
    """The customer's store at `url`, registering it first when it is new to us.

    For checkout forms where a customer types the address of a store they may already have added.
    Raises `invalid_store_url` or `store_taken`.
    """
    try:
        return add_store(customer=customer, url=url)
    except DeskError as error:
        if error.code != "store_already_added":
            raise
    return Store.objects.get(canonical_url=canonical_store_url(url), customer=customer)


def change_store_url(*, store: Store, url: str) -> Store:
    """The store moved to another address (same customer, same store). Raises
    `invalid_store_url`, `store_already_added` (another store of theirs has it), `store_taken`.
    Requests show the URL: `desk.tickets.services.change_store_url` re-indexes them with it."""
    canonical = canonical_store_url(url)
    if canonical == store.canonical_url:
        return store
    _refuse_registered(canonical, store.customer)
    store.canonical_url = canonical
    store.entered_url = url.strip()[:2000]
    try:
        with transaction.atomic():
            store.save(update_fields=["canonical_url", "entered_url"])
    except IntegrityError:  # lost a race with a concurrent registration
        _refuse_registered(canonical, store.customer)
        raise
    return store


def set_customization_agreement(*, store: Store, has_agreement: bool) -> Store:
    """Record whether vendor-made custom mods of this store are supported (PRODUCT.md §6)."""
    if store.has_customization_agreement != has_agreement:
        store.has_customization_agreement = has_agreement
        store.save(update_fields=["has_customization_agreement"])
    return store


def remove_store(*, store: Store) -> None:
    """Delete a store added by mistake. A store anything refers to (a subscription, a request,
    an order: every such reference is PROTECT) is refused with `store_has_history` and kept, so
    that no part of the customer's history loses its store. The caller checked ownership."""
    try:
        with transaction.atomic():
            store.delete()
    except (ProtectedError, RestrictedError) as error:
        objects = (
            error.protected_objects
            if isinstance(error, ProtectedError)
            else error.restricted_objects
        )
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in objects})
        raise errors.store_has_history(kinds) from None


def _refuse_registered(canonical: str, customer: User) -> None:
    owner_id = (
        Store.objects.filter(canonical_url=canonical).values_list("customer_id", flat=True).first()
    )
    if owner_id is None:
        return
    raise errors.store_already_yours() if owner_id == customer.pk else errors.store_taken()
