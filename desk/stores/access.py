from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from desk.accounts.models import User
from desk.core.errors import NotFound
from desk.stores.models import Store


def access_store(user: User, store_id: int) -> Store:
    """Load a store the user owns; a foreign or missing store is the same 404."""
    store = Store.objects.filter(pk=store_id, customer=user).first()
    if store is None:
        raise NotFound("store_not_found", _("Store not found."))
    return store
