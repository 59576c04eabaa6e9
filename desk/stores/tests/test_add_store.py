import pytest

from desk.core.errors import DeskError
from desk.stores import services
from desk.stores.models import Store


def test_add_store_saves_canonical_and_entered_url(alice):
    # when
    store = services.add_store(customer=alice, url="  https://WWW.Example.com/shop/ ")
    # then
    assert store.customer == alice
    assert store.canonical_url == "example.com/shop"
    assert store.entered_url == "https://WWW.Example.com/shop/"
    assert not store.has_customization_agreement


def test_another_spelling_of_own_store_is_already_added(alice):
    services.add_store(customer=alice, url="example.com/shop")
    with pytest.raises(DeskError) as caught:
        services.add_store(customer=alice, url="http://www.example.com:80/shop/?ref=1")
    assert caught.value.code == "store_already_added"
    assert Store.objects.count() == 1


def test_store_of_another_customer_is_taken(alice, bob):
    services.add_store(customer=alice, url="https://магазин.рф")
    with pytest.raises(DeskError) as caught:
        services.add_store(customer=bob, url="xn--80aairftm.xn--p1ai/")
    assert caught.value.code == "store_taken"
    assert caught.value.status == 409
    assert list(Store.objects.values_list("customer__email", flat=True)) == ["alice@example.com"]


def test_invalid_url_adds_nothing(alice):
    with pytest.raises(DeskError) as caught:
        services.add_store(customer=alice, url="javascript:alert(1)")
    assert caught.value.code == "invalid_store_url"
    assert not Store.objects.exists()


def test_other_paths_on_one_host_are_other_stores(alice):
    services.add_store(customer=alice, url="example.com/en")
    services.add_store(customer=alice, url="example.com/ru")
    assert sorted(Store.objects.values_list("canonical_url", flat=True)) == [
        "example.com/en",
        "example.com/ru",
    ]


def test_find_or_add_store_returns_own_store_for_another_spelling(alice):
    store = services.add_store(customer=alice, url="example.com")
    found = services.find_or_add_store(customer=alice, url="HTTPS://www.EXAMPLE.com/")
    assert found == store
    assert Store.objects.count() == 1


def test_find_or_add_store_adds_a_new_store(alice):
    store = services.find_or_add_store(customer=alice, url="new-shop.example")
    assert store.canonical_url == "new-shop.example"
    assert store.customer == alice


def test_find_or_add_store_refuses_a_foreign_store(alice, bob):
    services.add_store(customer=bob, url="example.com")
    with pytest.raises(DeskError) as caught:
        services.find_or_add_store(customer=alice, url="example.com")
    assert caught.value.code == "store_taken"
    assert Store.objects.filter(customer=alice).count() == 0


def test_set_customization_agreement(alice):
    store = services.add_store(customer=alice, url="example.com")
    services.set_customization_agreement(store=store, has_agreement=True)
    store.refresh_from_db()
    assert store.has_customization_agreement
