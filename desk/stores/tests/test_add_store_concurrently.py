import threading

import pytest
from django.db import connection

from desk.accounts import services as account_services
from desk.core.errors import DeskError
from desk.stores import services
from desk.stores.models import Store


def run_concurrently(target, count):
    """Threads start together, each on its own connection (desk.billing.tests has the same
    helper; stores sit below billing, so they keep their own copy)."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def worker(index):
        try:
            barrier.wait(timeout=30)
            results[index] = target(index)
        except BaseException as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_store_registered_at_once_by_many_customers_has_one_owner():
    customers = [
        account_services.register_customer(email=f"c{n}@example.com", password=None)
        for n in range(10)
    ]
    spellings = ["shop.example", "https://www.shop.example/", "SHOP.example:443", "//shop.example"]

    results = run_concurrently(
        lambda i: services.add_store(customer=customers[i], url=spellings[i % len(spellings)]), 10
    )

    added = [r for r in results if isinstance(r, Store)]
    refused = [r for r in results if isinstance(r, DeskError)]
    assert len(added) == 1
    assert len(refused) == 9
    assert {error.code for error in refused} == {"store_taken"}
    assert Store.objects.get().canonical_url == "shop.example"
