from django.urls import reverse

from desk.stores.models import Store
from desk.stores.services import add_store


def test_staff_set_the_customization_agreement_but_not_the_url(
    client, staff_admin, password, alice
):
    store = add_store(customer=alice, url="example.com")
    client.login(email=staff_admin.email, password=password)

    response = client.post(
        reverse("admin:stores_store_change", args=[store.pk]),
        {"has_customization_agreement": "on", "canonical_url": "evil.example"},
    )

    assert response.status_code == 302
    store.refresh_from_db()
    assert store.has_customization_agreement
    assert store.canonical_url == "example.com"


def test_stores_are_added_only_in_the_portal(client, staff_admin, password):
    client.login(email=staff_admin.email, password=password)
    assert client.get(reverse("admin:stores_store_add")).status_code == 403
    assert not Store.objects.exists()
