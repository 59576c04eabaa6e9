from __future__ import annotations

from django.db.models import QuerySet

from desk.accounts.models import User
from desk.stores.models import Store


def stores_of(customer: User) -> QuerySet[Store]:
    return Store.objects.filter(customer=customer).order_by("canonical_url")
