"""The customer's requests: /api/tickets and its messages and status. Own requests only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from desk.tickets import services
from desk.tickets.models import Message, Status, Ticket
from desk.tickets.scope import Category
from desk.tickets.tests.builders import open_request, pay_order

# session + user, COUNT, one page (store and department joined)
LIST_QUERIES = 4
# session + user (with the engineer profile, none: the access check), the request, COUNT,
# messages with authors, their attachments
MESSAGES_QUERIES = 6

NEW_REQUEST = {
    "subject": "Checkout shows a PHP warning",
    "body": "Since yesterday the checkout page shows 'Undefined index'.",
    "category": Category.PHP_MYSQL,
}


def test_open_on_a_subscription(as_alice, alice, alice_store, alice_subscription):
    # when
    status, body = as_alice.post_json("/api/tickets", {**NEW_REQUEST, "store_id": alice_store.pk})
    # then
    assert status == 201
    ticket = Ticket.objects.get(customer=alice)
    assert body["id"] == ticket.pk
    assert body["reference"] == ticket.reference
    assert body["subject"] == "Checkout shows a PHP warning"
    assert (body["status"], body["category"], body["language"]) == ("new", "php_mysql", "en")
    assert (body["store_id"], body["store_url"]) == (alice_store.pk, "alice-shop.example")
    assert (body["entitlement_kind"], body["credit_priority"]) == ("subscription", "")
    assert (body["department"], body["is_hotrush"], body["out_of_scope"]) == (
        "technical-support",
        False,
        False,
    )
    assert body["out_of_scope_reason"] == ""
    assert ticket.messages.get().body == NEW_REQUEST["body"]


def test_open_on_a_credit_in_the_customers_language(as_bob, bob, bob_store):
    # given
    pay_order(bob, "incident-urgent")
    # when
    status, body = as_bob.post_json(
        "/api/tickets", {**NEW_REQUEST, "store_id": bob_store.pk, "is_hotrush": True}
    )
    # then
    assert status == 201
    assert (body["entitlement_kind"], body["credit_priority"]) == ("incident", "urgent")
    assert (body["language"], body["is_hotrush"]) == ("ru", True)


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"subject": "   "}, 400, "invalid_subject"),
        ({"subject": "s" * 201}, 400, "invalid_subject"),
        ({"subject": "s" * 1001}, 422, "invalid_input"),
        ({"body": ""}, 400, "invalid_body"),
        ({"body": "b" * 100_001}, 422, "invalid_input"),
        ({"body": "with \x00 NUL"}, 422, "invalid_input"),
        ({"category": "data_migration"}, 400, "invalid_category"),
        ({"language": "de"}, 422, "invalid_input"),
        ({"credit_priority": "high"}, 422, "invalid_input"),
        ({"store_id": "first"}, 422, "invalid_input"),
        ({"store_id": 10**30}, 404, "store_not_found"),
        ({"is_hotrush": "maybe"}, 422, "invalid_input"),
        ({"is_hotrush": 1}, 422, "invalid_input"),
    ],
)
def test_refused_requests_have_codes_and_write_nothing(
    as_alice, alice_store, alice_subscription, row_counts, change, status, code
):
    # given
    before = row_counts()
    # when
    answer = as_alice.post_json(
        "/api/tickets", {**NEW_REQUEST, "store_id": alice_store.pk, **change}
    )
    # then
    assert (answer[0], answer[1]["code"]) == (status, code)
    assert row_counts() == before


def test_open_without_support_asks_to_buy_first(as_alice, alice_store, row_counts):
    # given
    before = row_counts()
    # when
    status, body = as_alice.post_json("/api/tickets", {**NEW_REQUEST, "store_id": alice_store.pk})
    # then
    assert (status, body["code"]) == (402, "no_entitlement")
    assert row_counts() == before


def test_open_on_another_customers_store_is_not_found(as_bob, alice_store, alice_subscription):
    status, body = as_bob.post_json("/api/tickets", {**NEW_REQUEST, "store_id": alice_store.pk})

    assert (status, body["code"]) == (404, "store_not_found")
    assert not Ticket.objects.exists()


def test_list_shows_own_requests_filtered_by_status(
    as_alice, alice, alice_store, alice_subscription, bob, bob_store, bob_subscription, clock
):
    # given
    first = open_request(alice, alice_store, subject="First")
    clock.advance(minutes=1)
    second = open_request(alice, alice_store, subject="Second")
    services.change_status(ticket=first, actor=alice, status=Status.RESOLVED)
    open_request(bob, bob_store, subject="Bob's")
    # when
    everything = as_alice.get_json("/api/tickets")
    resolved = as_alice.get_json("/api/tickets", status="resolved")
    unknown = as_alice.get_json("/api/tickets", status="sleeping")
    # then
    assert everything[0] == 200
    assert [row["id"] for row in everything[1]["items"]] == [second.pk, first.pk]
    assert [row["id"] for row in resolved[1]["items"]] == [first.pk]
    assert (unknown[0], unknown[1]["code"]) == (400, "invalid_status")


def test_detail_of_own_request(as_alice, alice_ticket):
    status, body = as_alice.get_json(f"/api/tickets/{alice_ticket.pk}")

    assert status == 200
    assert (body["id"], body["reference"]) == (alice_ticket.pk, alice_ticket.reference)
    assert body["created_at"].endswith("Z")


def test_detail_explains_out_of_scope(as_alice, alice_incident, engineer_en):
    # given
    services.rule_out_of_scope(
        ticket=alice_incident, engineer=engineer_en, reason="Custom development."
    )
    # when
    status, body = as_alice.get_json(f"/api/tickets/{alice_incident.pk}")
    # then
    assert status == 200
    assert (body["status"], body["out_of_scope"]) == ("resolved", True)
    assert body["out_of_scope_reason"] == "Custom development."


def test_messages_are_public_only(as_alice, alice, alice_ticket, engineer_en):
    # given
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Looks like a plugin bug.")
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="Please disable the plugin.")
    # when
    status, body = as_alice.get_json(f"/api/tickets/{alice_ticket.pk}/messages")
    # then
    assert status == 200
    assert body["count"] == 2
    assert [(m["kind"], m["author_name"]) for m in body["items"]] == [
        ("customer", "Alice Archer"),
        ("reply", "Erin Engineer"),
    ]
    assert body["items"][1]["body"] == "Please disable the plugin."
    assert "Looks like a plugin bug." not in str(body)


def test_reply_reopens_a_waiting_request(as_alice, alice, alice_ticket, engineer_en):
    # given
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="Which PHP version?")
    # when
    status, body = as_alice.post_json(
        f"/api/tickets/{alice_ticket.pk}/messages", {"body": "PHP 8.3."}
    )
    # then
    assert status == 201
    message = Message.objects.filter(ticket=alice_ticket).latest("id")
    assert body == {
        "id": message.pk,
        "kind": "customer",
        "author_name": "Alice Archer",
        "body": "PHP 8.3.",
        "created_at": body["created_at"],
        "attachments": [],
    }
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.OPEN


def test_reply_to_a_closed_request_is_refused(as_alice, alice, alice_ticket, row_counts):
    # given
    services.change_status(ticket=alice_ticket, actor=alice, status=Status.CLOSED)
    before = row_counts()
    # when
    status, body = as_alice.post_json(f"/api/tickets/{alice_ticket.pk}/messages", {"body": "Hi"})
    # then
    assert (status, body["code"]) == (409, "ticket_closed")
    assert row_counts() == before


def test_reply_with_files(as_alice, alice_ticket):
    # given
    files = [
        SimpleUploadedFile("screen.png", b"\x89PNG data", content_type="image/png"),
        SimpleUploadedFile("error.log", b"Fatal error", content_type="text/plain"),
    ]
    # when
    response = as_alice.post(
        f"/api/tickets/{alice_ticket.pk}/messages/files",
        {"body": "Screenshots attached.", "files": files},
    )
    # then
    assert response.status_code == 201
    body = response.json()
    assert body["body"] == "Screenshots attached."
    assert [(a["original_name"], a["size"], a["content_type"]) for a in body["attachments"]] == [
        ("screen.png", 9, "image/png"),
        ("error.log", 11, "text/plain"),
    ]
    assert body["attachments"][0]["download_url"].startswith("/")


def test_reply_with_an_empty_file_is_refused(as_alice, alice_ticket, row_counts):
    # given
    before = row_counts()
    # when
    response = as_alice.post(
        f"/api/tickets/{alice_ticket.pk}/messages/files",
        {"body": "Empty.", "files": [SimpleUploadedFile("empty.txt", b"")]},
    )
    # then
    assert (response.status_code, response.json()["code"]) == (400, "empty_attachment")
    assert row_counts() == before


@pytest.mark.parametrize("status", ["resolved", "closed"])
def test_customer_resolves_or_closes(as_alice, alice_ticket, status):
    # when
    answer = as_alice.post_json(f"/api/tickets/{alice_ticket.pk}/status", {"status": status})
    # then
    assert (answer[0], answer[1]["status"]) == (200, status)
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == status


def test_closing_a_closed_request_is_a_documented_conflict(as_alice, alice, alice_ticket):
    # given
    services.change_status(ticket=alice_ticket, actor=alice, status=Status.CLOSED)
    # when (ApiClient fails the test on a status the schema does not document)
    status, body = as_alice.post_json(
        f"/api/tickets/{alice_ticket.pk}/status", {"status": "resolved"}
    )
    # then
    assert (status, body["code"]) == (409, "ticket_closed")
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.CLOSED


@pytest.mark.parametrize(("status", "code"), [("open", 403), ("waiting", 403), ("gone", 400)])
def test_customer_cannot_set_other_statuses(as_alice, alice_ticket, status, code):
    # when
    answer = as_alice.post_json(f"/api/tickets/{alice_ticket.pk}/status", {"status": status})
    # then
    expected = "status_not_allowed" if code == 403 else "invalid_status"
    assert (answer[0], answer[1]["code"]) == (code, expected)
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.NEW


def test_another_customers_request_is_not_found_everywhere(as_bob, alice_ticket, row_counts):
    # given
    before = row_counts()
    url = f"/api/tickets/{alice_ticket.pk}"
    # when
    answers = [
        as_bob.get_json(url),
        as_bob.get_json(f"{url}/messages"),
        as_bob.post_json(f"{url}/messages", {"body": "Hi"}),
        as_bob.post_json(f"{url}/status", {"status": "closed"}),
    ]
    # then
    expected = {"code": "ticket_not_found", "message": "Запрос не найден."}  # Bob reads Russian
    assert answers == [(404, expected)] * 4
    assert row_counts() == before
    assert as_bob.get_json("/api/tickets")[1]["count"] == 0


def test_engineer_does_not_reach_customer_requests_here(as_engineer, alice_ticket):
    status, body = as_engineer.get_json(f"/api/tickets/{alice_ticket.pk}")

    assert (status, body["code"]) == (404, "ticket_not_found")


def test_list_runs_a_fixed_number_of_queries(
    as_alice, alice, alice_store, alice_subscription, django_assert_num_queries
):
    # given
    open_request(alice, alice_store)
    with django_assert_num_queries(LIST_QUERIES):
        assert as_alice.get_json("/api/tickets", page_size=100)[1]["count"] == 1
    for _ in range(29):
        open_request(alice, alice_store)
    # when
    with django_assert_num_queries(LIST_QUERIES):
        status, body = as_alice.get_json("/api/tickets", page_size=100)
    # then
    assert (status, len(body["items"])) == (200, 30)


def test_messages_run_a_fixed_number_of_queries(
    as_alice, alice, alice_ticket, engineer_en, django_assert_num_queries
):
    # given: the opening message only
    url = f"/api/tickets/{alice_ticket.pk}/messages"
    with django_assert_num_queries(MESSAGES_QUERIES):
        assert as_alice.get_json(url, page_size=100)[1]["count"] == 1
    for number in range(29):
        if number % 2:
            services.reply(ticket=alice_ticket, engineer=engineer_en, body=f"Reply {number}")
        else:
            services.add_customer_message(
                ticket=alice_ticket,
                author=alice,
                body=f"Message {number}",
                attachments=[SimpleUploadedFile("a.txt", b"data", content_type="text/plain")],
            )
    # when
    with django_assert_num_queries(MESSAGES_QUERIES):
        status, body = as_alice.get_json(url, page_size=100)
    # then
    assert (status, len(body["items"])) == (200, 30)
    assert sum(len(m["attachments"]) for m in body["items"]) == 15


def test_raise_to_hotrush(as_alice, alice_ticket):
    status, body = as_alice.post_json(f"/api/tickets/{alice_ticket.pk}/hotrush")
    assert (status, body["is_hotrush"]) == (200, True)
    status, body = as_alice.post_json(f"/api/tickets/{alice_ticket.pk}/hotrush")
    assert (status, body["code"]) == (409, "already_hotrush")


def test_raise_to_hotrush_refused_with_a_code(as_alice, as_bob, alice_incident, row_counts):
    before = row_counts()
    status, body = as_alice.post_json(f"/api/tickets/{alice_incident.pk}/hotrush")
    assert (status, body["code"]) == (400, "hotrush_not_allowed")
    assert body["message"]
    status, body = as_bob.post_json(f"/api/tickets/{alice_incident.pk}/hotrush")
    assert (status, body["code"]) == (404, "ticket_not_found")
    assert row_counts() == before


def test_list_pages_follow_next_cursor_newest_first(
    as_alice, alice, alice_store, alice_subscription, bob, bob_store, bob_subscription
):
    # given: five requests of Alice's, one of Bob's
    mine = [open_request(alice, alice_store).pk for _ in range(5)]
    open_request(bob, bob_store)

    # when: the cursors are followed, two rows a page
    seen, params = [], {"page_size": 2}
    while True:
        status, body = as_alice.get_json("/api/tickets", **params)
        assert status == 200
        assert (body["count"], body["count_is_exact"]) == (5, True)
        seen.append([row["id"] for row in body["items"]])
        if body["next_cursor"] is None:
            break
        params = {"page_size": 2, "cursor": body["next_cursor"]}

    # then: only hers, newest first
    assert seen == [mine[4:2:-1], mine[2:0:-1], mine[0:1]]
