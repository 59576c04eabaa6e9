"""Every state change of stores."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from desk.accounts.models import User
from desk.stores import errors
from desk.stores.canonical import canonical_store_url
from desk.stores.models import Store


def add_store(*, customer: User, url: str) -> Store:
    """Register a store by URL for `customer`.

    Raises `invalid_store_url`, `store_already_added` (it is yours) or `store_taken` (another
    account owns that canonical URL).
    """
    canonical = canonical_store_url(url)
    existing = Store.objects.filter(canonical_url=canonical).only("customer_id").first()
    if existing is not None:
        raise (
            errors.store_already_yours()
            if existing.customer_id == customer.pk
            else errors.store_taken()
        )
    try:
        with transaction.atomic():
            return Store.objects.create(
                customer=customer, canonical_url=canonical, entered_url=url.strip()[:2000]
            )
    except IntegrityError as exc:  # lost a race with a concurrent registration
        raise errors.store_taken() from exc
