"""The search index follows every change of the words a request's documents carry: its subject,
the customer's email and the store's URL (through the services and the admin)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.core.errors import DeskError
from desk.search.models import SearchDocument
from desk.tickets import services, text_search
from desk.tickets.models import EventKind, Ticket, TicketEvent


def search(query, customer=None):
    results = text_search.search_requests(
        query=query, tickets=Ticket.objects.all(), customer=customer
    )
    return [hit.ticket.pk for hit in results.hits]


def test_a_new_subject_is_found_and_the_old_one_is_not(alice, alice_ticket, engineer_en):
    # given alice_ticket: "Checkout page shows a PHP warning", and a reply
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="Please clear the opcache")

    # when
    services.change_subject(ticket=alice_ticket, actor=engineer_en.user, subject="Zebra layout")

    # then the new words are found, by engineers and by the owner, in the header and messages
    assert search("zebra") == [alice_ticket.pk]
    assert search("zebra", customer=alice) == [alice_ticket.pk]
    assert search("zebra opcache") == [alice_ticket.pk]
    assert search("php") == []  # only the old subject had it
    # the first message's own words stay ("the checkout shows 'Warning: Undefined index'")
    assert search("undefined index") == [alice_ticket.pk]
    event = TicketEvent.objects.get(ticket=alice_ticket, kind=EventKind.SUBJECT)
    assert (event.from_value, event.to_value) == (
        "Checkout page shows a PHP warning",
        "Zebra layout",
    )
    assert event.actor_id == engineer_en.user.pk


@pytest.mark.parametrize(
    ("who", "subject", "code"),
    [("engineer", "  ", "invalid_subject"), ("customer", "Zebra layout", "action_not_allowed")],
)
def test_a_refused_subject_changes_nothing(alice, alice_ticket, engineer_en, who, subject, code):
    # given
    actor = engineer_en.user if who == "engineer" else alice
    documents = sorted(SearchDocument.objects.values_list("pk", "text"))

    # when
    with pytest.raises(DeskError) as refused:
        services.change_subject(ticket=alice_ticket, actor=actor, subject=subject)

    # then
    assert refused.value.code == code
    alice_ticket.refresh_from_db()
    assert alice_ticket.subject == "Checkout page shows a PHP warning"
    assert not TicketEvent.objects.filter(kind=EventKind.SUBJECT).exists()
    assert sorted(SearchDocument.objects.values_list("pk", "text")) == documents


def test_a_changed_customer_email_is_found_in_every_request(alice, alice_ticket, alice_store):
    # given a second request of Alice's
    from desk.tickets.tests.builders import open_request

    second = open_request(alice, alice_store, subject="Cart totals")

    # when
    services.change_customer_email(customer=alice, email="  Alice.Archer@Example.ORG ")

    # then
    alice.refresh_from_db()
    assert alice.email == "alice.archer@example.org"
    assert sorted(search("archer")) == sorted([alice_ticket.pk, second.pk])
    assert sorted(search("alice.archer@example.org", customer=alice)) == sorted(
        [alice_ticket.pk, second.pk]
    )
    assert search("alice@example.com") == []


@pytest.mark.parametrize(
    ("email", "code"), [("not an address", "invalid_email"), ("bob@example.com", "email_taken")]
)
def test_a_refused_email_changes_nothing(alice, bob, alice_ticket, email, code):
    with pytest.raises(DeskError) as refused:
        services.change_customer_email(customer=alice, email=email)
    assert refused.value.code == code
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert search("alice@example.com") == [alice_ticket.pk]


def test_a_changed_store_url_is_found_and_the_old_one_is_not(alice, alice_ticket, alice_store):
    # when
    services.change_store_url(store=alice_store, url="https://Quokka-Store.example/")

    # then
    alice_store.refresh_from_db()
    assert alice_store.canonical_url == "quokka-store.example"
    assert search("quokka") == [alice_ticket.pk]
    assert search("quokka-store.example", customer=alice) == [alice_ticket.pk]
    assert search("alice-shop") == []


def test_a_store_url_owned_by_another_customer_is_refused(alice_ticket, alice_store, bob_store):
    with pytest.raises(DeskError) as refused:
        services.change_store_url(store=alice_store, url=bob_store.canonical_url)
    assert refused.value.code == "store_taken"
    alice_store.refresh_from_db()
    assert alice_store.canonical_url == "alice-shop.example"
    assert search("alice-shop") == [alice_ticket.pk]


def test_an_email_corrected_in_the_admin_is_reindexed(client, staff_admin, alice, alice_ticket):
    # given
    client.force_login(staff_admin)
    url = reverse("admin:accounts_user_change", args=[alice.pk])
    form = {
        "email": "quentin@example.net",
        "full_name": alice.full_name,
        "language": alice.language,
        "time_zone": alice.time_zone,
        "is_active": "on",
    }

    # when
    answer = client.post(url, form)

    # then
    assert answer.status_code == 302
    assert search("quentin") == [alice_ticket.pk]
    assert search("alice@example.com") == []
