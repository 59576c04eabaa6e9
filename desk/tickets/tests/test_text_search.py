"""Requests in the search index: kept in step by the services, searched with access rules."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.search.models import SearchDocument
from desk.tickets import services, text_search
from desk.tickets.models import Status, Ticket
from desk.tickets.tests.builders import open_request


def search(query, *, customer=None, tickets=None):
    results = text_search.search_requests(
        query=query,
        tickets=tickets if tickets is not None else Ticket.objects.all(),
        customer=customer,
    )
    return [hit.ticket.pk for hit in results.hits]


def matches(query, customer=None):
    results = text_search.search_requests(
        query=query, tickets=Ticket.objects.all(), customer=customer
    )
    return [[f.text for f in hit.snippet if f.is_match] for hit in results.hits]


def test_opening_indexes_subject_body_email_and_store(alice_ticket):
    # alice_ticket: "Checkout page shows a PHP warning", alice@example.com, www.alice-shop.example
    assert search("checkout warnings") == [alice_ticket.pk]
    assert search("undefined index") == [alice_ticket.pk]
    assert search("alice@example.com") == [alice_ticket.pk]
    assert search("alice") == [alice_ticket.pk]
    assert search("alice-shop.example") == [alice_ticket.pk]
    assert search("shop") == [alice_ticket.pk]
    assert search("refund") == []


def test_replies_and_notes_are_indexed_as_they_are_added(alice_ticket, engineer_en):
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="Please clear the opcache")
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Suspect the Redis plugin")
    services.add_customer_message(
        ticket=alice_ticket,
        author=alice_ticket.customer,
        body="Still broken after the opcache reset",
    )
    assert search("opcache") == [alice_ticket.pk]
    assert search("redis") == [alice_ticket.pk]
    assert matches("redis") == [["Redis"]]


def test_customer_never_finds_notes(alice, alice_ticket, engineer_en):
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Suspect the Redis plugin")
    assert search("redis", customer=alice) == []
    assert search("redis") == [alice_ticket.pk]
    # even a word in both the note and her text: the snippet never comes from the note
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="checkout checkout secret")
    hit = text_search.search_requests(
        query="checkout secret", tickets=Ticket.objects.all(), customer=alice
    ).hits
    assert hit == []
    shown = text_search.search_requests(
        query="checkout", tickets=Ticket.objects.all(), customer=alice
    ).hits[0]
    assert "secret" not in "".join(f.text for f in shown.snippet)


def test_customer_never_finds_another_customers_words(
    alice, bob, alice_ticket, bob_store, bob_subscription
):
    # given Bob's request with his own words
    bobs = open_request(bob, bob_store, subject="Zanzibar theme broken", body="Quixotic error")
    # then Alice finds nothing of Bob's: not his subject, body, email or store
    for query in ("zanzibar", "quixotic", "bob@example.com", "bob", "bob-shop"):
        assert search(query, customer=alice) == [], query
        assert search(query, customer=bob) == [bobs.pk], query
    # and a word both wrote finds only her own request
    open_request(bob, bob_store, subject="Checkout warning too", body="same")
    assert search("checkout", customer=alice) == [alice_ticket.pk]


def test_russian_stemming_in_russian_requests(bob, bob_store, bob_subscription):
    ticket = open_request(
        bob,
        bob_store,
        language="ru",
        subject="Платёж не проходит",
        body="Клиенты жалуются: платёж зависает на шаге оплаты.",
    )
    assert search("платежи", customer=bob) == [ticket.pk]
    assert search("ПЛАТЕЖЕЙ") == [ticket.pk]
    assert search("оплата") == [ticket.pk]
    assert matches("платежи")[0][0] in {"Платёж", "платёж"}


def test_filters_combine_with_the_text(alice, alice_ticket, alice_store, engineer_en):
    other = open_request(alice, alice_store, subject="Checkout is slow")
    services.change_status(ticket=other, actor=alice, status=Status.CLOSED)
    assert sorted(search("checkout")) == sorted([alice_ticket.pk, other.pk])
    assert search("checkout", tickets=Ticket.objects.filter(status=Status.CLOSED)) == [other.pk]
    assert search("checkout", tickets=Ticket.objects.filter(status=Status.NEW)) == [alice_ticket.pk]


def test_rebuild_command_restores_the_index(alice_ticket, engineer_en, capsys):
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Suspect the Redis plugin")
    SearchDocument.objects.all().delete()
    assert search("redis") == []
    call_command("rebuild_search_index")
    assert search("redis") == [alice_ticket.pk]
    assert search("checkout") == [alice_ticket.pk]
    assert "request: 3 documents indexed" in capsys.readouterr().out
    assert SearchDocument.objects.count() == 3


def test_removed_requests_leave_the_index(alice_ticket):
    text_search.remove_requests([alice_ticket.pk])
    assert search("checkout") == []
    assert text_search.index_requests([alice_ticket.pk]) == 2
    assert search("checkout") == [alice_ticket.pk]


def test_search_runs_three_queries_however_many_requests(alice, alice_store, alice_subscription):
    for n in range(25):
        open_request(alice, alice_store, subject=f"Checkout problem {n}")
    with CaptureQueriesContext(connection) as queries:
        results = text_search.search_requests(
            query="checkout",
            tickets=Ticket.objects.select_related("store"),
            customer=alice,
            limit=10,
        )
    assert len(results.hits) == 10
    assert results.total == 25
    # (+1 on PostgreSQL: the walk of the matches is planned without parallel workers)
    assert len(queries) == 3 + (connection.vendor == "postgresql")


@pytest.mark.parametrize("query", ["", "x" * 500, "%%%"])
def test_bad_queries_raise_a_coded_error(alice_ticket, query):
    from desk.core.errors import DeskError

    with pytest.raises(DeskError) as refused:
        search(query)
    assert refused.value.code.startswith("search_query_")


def test_index_request_follows_a_changed_subject_and_keeps_the_messages(alice_ticket):
    # (what `services.change_subject` calls in its transaction)
    alice_ticket.subject = "Totally different words"
    alice_ticket.save(update_fields=["subject"])
    text_search.index_request(alice_ticket)
    assert search("warning") == [alice_ticket.pk]  # still in the first message
    assert search("totally different") == [alice_ticket.pk]
    assert search("php") == []


def test_words_of_the_subject_and_of_one_message_match_together(alice, alice_ticket, engineer_en):
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="Please clear the opcache")
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Suspect the Redis plugin")
    assert search("checkout opcache") == [alice_ticket.pk]
    assert matches("checkout opcache") == [["opcache"]]
    assert search("alice-shop redis") == [alice_ticket.pk]
    assert search("checkout redis", customer=alice) == []  # the note's word stays internal
