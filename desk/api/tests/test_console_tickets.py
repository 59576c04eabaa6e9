"""/api/console/: the queue, a request with conversation and history, and the engineer actions."""

from __future__ import annotations

from typing import Any

import pytest

from desk.api.tests.conftest import ApiClient
from desk.entitlements.models import CreditBalance
from desk.tickets import services
from desk.tickets.models import EventKind, Message, MessageKind, Status, TicketEvent
from desk.tickets.tests.builders import open_request

# session + user (with the engineer profile), bounded COUNT, one page (customer, store,
# department, assignee joined) read in at most two index-ordered parts (requests owing a reply,
# then the others), the SLA policies (for every row's time left)
QUEUE_QUERIES = 6
# session + user (with the engineer profile), the request, COUNT, rows (+ attachments for messages)
EVENTS_QUERIES = 5
MESSAGES_QUERIES = 6


def console_urls(ticket_id: int) -> list[tuple[str, str, dict[str, object]]]:
    base = f"/api/console/tickets/{ticket_id}"
    return [
        ("get", "/api/console/queue", {}),
        ("get", base, {}),
        ("get", f"{base}/messages", {}),
        ("get", f"{base}/events", {}),
        ("post", f"{base}/reply", {"body": "Hello"}),
        ("post", f"{base}/note", {"body": "Note"}),
        ("post", f"{base}/status", {"status": "open"}),
        ("post", f"{base}/assign", {"engineer_id": None}),
        ("post", f"{base}/out-of-scope", {"reason": "No."}),
        ("post", f"{base}/bug", {"url": "https://bugs.example/1"}),
        ("get", "/api/console/orders", {}),
        (
            "post",
            "/api/console/orders/1/mark-paid",
            {"amount": "1.00", "received_on": "2026-12-01"},
        ),
        ("post", "/api/console/orders/1/refund", {}),
    ]


def call(client: ApiClient, method: str, url: str, payload: dict[str, object]) -> tuple[int, Any]:
    return client.get_json(url) if method == "get" else client.post_json(url, payload)


@pytest.mark.parametrize("who", ["customer", "inactive engineer"])
def test_console_is_not_found_for_everyone_but_engineers(
    as_alice, alice_ticket, engineer_inactive, row_counts, who
):
    # given
    client = as_alice
    if who == "inactive engineer":
        client.force_login(engineer_inactive.user)
    before = row_counts()
    # when
    answers = [call(client, *request) for request in console_urls(alice_ticket.pk)]
    # then
    assert answers == [(404, {"code": "not_found", "message": "Not found."})] * 13
    assert row_counts() == before


def test_console_needs_sign_in(anonymous, alice_ticket):
    answers = [call(anonymous, *request) for request in console_urls(alice_ticket.pk)]

    assert answers == [(401, {"code": "not_authenticated", "message": "Sign in first."})] * 13


def test_queue_puts_hotrush_first_and_filters(
    as_engineer, alice, alice_store, alice_subscription, bob, bob_store, bob_subscription, clock
):
    # given
    plain = open_request(alice, alice_store, subject="Plain")
    clock.advance(minutes=1)
    russian = open_request(bob, bob_store, subject="По-русски", language="ru")
    clock.advance(minutes=1)
    rush = open_request(alice, alice_store, subject="Rush", is_hotrush=True)
    done = open_request(alice, alice_store, subject="Done")
    services.change_status(ticket=done, actor=alice, status=Status.RESOLVED)
    # when
    status, body = as_engineer.get_json("/api/console/queue")
    # then
    assert status == 200
    assert [row["id"] for row in body["items"]] == [rush.pk, plain.pk, russian.pk]
    row = body["items"][0]
    assert (row["customer_email"], row["department"], row["plan_code"]) == (
        "alice@example.com",
        "technical-support",
        "subscription-1m",
    )
    assert (row["assignee_id"], row["assignee_email"]) == (None, None)

    def ids(**filters) -> list[int]:
        return [
            row["id"] for row in as_engineer.get_json("/api/console/queue", **filters)[1]["items"]
        ]

    assert ids(language="ru") == [russian.pk]
    assert ids(hotrush="true") == [rush.pk]
    assert ids(hotrush="false") == [plain.pk, russian.pk]
    assert ids(status="resolved") == [done.pk]
    assert ids(department="customer-service") == []
    assert ids(view="new") == [rush.pk, plain.pk, russian.pk]


def test_queue_mine_shows_the_engineers_requests(
    as_engineer, alice, alice_store, alice_subscription, engineer_en, engineer_ru
):
    # given
    mine = open_request(alice, alice_store)
    theirs = open_request(alice, alice_store)
    services.assign(ticket=mine, actor=engineer_en.user, engineer=engineer_en)
    services.assign(ticket=theirs, actor=engineer_en.user, engineer=engineer_ru)
    # when
    status, body = as_engineer.get_json("/api/console/queue", view="mine")
    # then
    assert status == 200
    assert [row["id"] for row in body["items"]] == [mine.pk]
    assert body["items"][0]["assignee_email"] == "erin@supportdesk.example"


@pytest.mark.parametrize(
    ("filters", "status", "code"),
    [
        ({"view": "everything"}, 400, "invalid_queue_view"),
        ({"status": "sleeping"}, 400, "invalid_status"),
        ({"language": "de"}, 422, "invalid_input"),
        ({"department": "tech support'; --"}, 422, "invalid_input"),
        ({"department": "x\x00"}, 422, "invalid_input"),
        ({"hotrush": "perhaps"}, 422, "invalid_input"),
        ({"page": 0}, 422, "invalid_input"),
        ({"page": 10**30}, 422, "invalid_input"),
        ({"page_size": 101}, 422, "invalid_input"),
    ],
)
def test_bad_queue_filters_have_codes(as_engineer, filters, status, code):
    answer = as_engineer.get_json("/api/console/queue", **filters)

    assert (answer[0], answer[1]["code"]) == (status, code)


def test_request_detail_shows_any_customers_request(as_engineer, alice_ticket):
    status, body = as_engineer.get_json(f"/api/console/tickets/{alice_ticket.pk}")

    assert status == 200
    assert (body["id"], body["customer_id"], body["customer_email"]) == (
        alice_ticket.pk,
        alice_ticket.customer_id,
        "alice@example.com",
    )


@pytest.mark.parametrize("ticket_id", [0, -1, 10**6, 99999999999999999999])
def test_missing_request_is_not_found(as_engineer, ticket_id):
    answer = as_engineer.get_json(f"/api/console/tickets/{ticket_id}")

    assert answer == (404, {"code": "ticket_not_found", "message": "Request not found."})


def test_messages_include_internal_notes(as_engineer, alice_ticket, engineer_en):
    # given
    services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Plugin bug.")
    # when
    status, body = as_engineer.get_json(f"/api/console/tickets/{alice_ticket.pk}/messages")
    # then
    assert status == 200
    assert [(m["kind"], m["body"]) for m in body["items"]] == [
        ("customer", "Since yesterday the checkout shows 'Warning: Undefined index'."),
        ("note", "Plugin bug."),
    ]


def test_events_are_the_history_oldest_first(as_engineer, alice, alice_ticket, engineer_en):
    # given
    services.assign(ticket=alice_ticket, actor=engineer_en.user, engineer=engineer_en)
    # when
    status, body = as_engineer.get_json(f"/api/console/tickets/{alice_ticket.pk}/events")
    # then
    assert status == 200
    assert [(e["kind"], e["actor_name"]) for e in body["items"]] == [
        ("created", "Alice Archer"),
        ("assigned", "Erin Engineer"),
    ]
    assert body["items"][1]["to_value"] == str(engineer_en.pk)
    assert body["items"][1]["data"] == {"from": None, "to": "Erin Engineer"}


def test_reply_waits_on_the_customer_and_takes_the_request(as_engineer, alice_ticket, engineer_en):
    # when
    status, body = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/reply", {"body": "Disable the plugin."}
    )
    # then
    assert status == 201
    message = Message.objects.get(ticket=alice_ticket, kind=MessageKind.REPLY)
    assert (body["id"], body["kind"], body["author_name"]) == (message.pk, "reply", "Erin Engineer")
    alice_ticket.refresh_from_db()
    assert (alice_ticket.status, alice_ticket.assignee_id) == (Status.WAITING, engineer_en.pk)


def test_reply_may_set_the_status(as_engineer, alice_ticket):
    status, _ = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/reply", {"body": "Fixed.", "status": "resolved"}
    )

    assert status == 201
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.RESOLVED


def test_note_is_internal(as_engineer, alice_ticket):
    # when
    status, body = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/note", {"body": "Check the logs."}
    )
    # then
    assert (status, body["kind"], body["body"]) == (201, "note", "Check the logs.")
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.NEW


def test_status_change(as_engineer, alice_ticket):
    # when
    status, body = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/status", {"status": "waiting"}
    )
    # then
    assert (status, body["status"]) == (200, "waiting")
    assert TicketEvent.objects.filter(ticket=alice_ticket, kind=EventKind.STATUS).count() == 1


def test_closed_request_cannot_be_reopened(as_engineer, alice, alice_ticket, row_counts):
    # given
    services.change_status(ticket=alice_ticket, actor=alice, status=Status.CLOSED)
    before = row_counts()
    # when
    reopen = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/status", {"status": "open"}
    )
    reply = as_engineer.post_json(f"/api/console/tickets/{alice_ticket.pk}/reply", {"body": "Hi"})
    # then
    assert (reopen[0], reopen[1]["code"]) == (409, "ticket_closed")
    assert (reply[0], reply[1]["code"]) == (409, "ticket_closed")
    assert row_counts() == before


def test_assign_and_unassign(as_engineer, alice_ticket, engineer_ru):
    # when
    assigned = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/assign", {"engineer_id": engineer_ru.pk}
    )
    unassigned = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/assign", {"engineer_id": None}
    )
    # then
    assert assigned[0] == 200
    assert (assigned[1]["assignee_id"], assigned[1]["assignee_email"]) == (
        engineer_ru.pk,
        "roman@supportdesk.example",
    )
    assert (unassigned[0], unassigned[1]["assignee_id"]) == (200, None)


@pytest.mark.parametrize(
    ("engineer_id", "status", "code"),
    [
        (10**6, 404, "engineer_not_found"),
        (10**30, 404, "engineer_not_found"),
        ("inactive", 400, "engineer_inactive"),
        ("erin", 422, "invalid_input"),
    ],
)
def test_assign_refusals(as_engineer, alice_ticket, engineer_inactive, engineer_id, status, code):
    # given
    if engineer_id == "inactive":
        engineer_id = engineer_inactive.pk
    # when
    answer = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/assign", {"engineer_id": engineer_id}
    )
    # then
    assert (answer[0], answer[1]["code"]) == (status, code)
    alice_ticket.refresh_from_db()
    assert alice_ticket.assignee_id is None


def test_out_of_scope_returns_the_credit(as_engineer, alice, alice_incident):
    # given
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 0
    # when
    status, body = as_engineer.post_json(
        f"/api/console/tickets/{alice_incident.pk}/out-of-scope", {"reason": "Custom development."}
    )
    again = as_engineer.post_json(
        f"/api/console/tickets/{alice_incident.pk}/out-of-scope", {"reason": "Again."}
    )
    # then
    assert (status, body["status"], body["out_of_scope"]) == (200, "resolved", True)
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 1
    assert (again[0], again[1]["code"]) == (409, "already_out_of_scope")


def test_link_bug(as_engineer, alice_ticket):
    # when
    status, body = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/bug", {"url": "https://bugs.example/issues/42"}
    )
    bad = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/bug", {"url": "javascript:alert(1)"}
    )
    nul = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/bug", {"url": "https://bugs.example/\x00"}
    )
    # then
    assert (status, body["bug_url"]) == (200, "https://bugs.example/issues/42")
    assert (bad[0], bad[1]["code"]) == (400, "invalid_bug_url")
    assert (nul[0], nul[1]["code"]) == (422, "invalid_input")
    alice_ticket.refresh_from_db()
    assert alice_ticket.bug_url == "https://bugs.example/issues/42"


def test_queue_runs_a_fixed_number_of_queries(
    as_engineer,
    alice,
    alice_store,
    alice_subscription,
    engineer_en,
    django_assert_max_num_queries,
):
    # given
    first = open_request(alice, alice_store)
    services.assign(ticket=first, actor=engineer_en.user, engineer=engineer_en)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        assert as_engineer.get_json("/api/console/queue", page_size=100)[1]["count"] == 1
    for number in range(29):
        ticket = open_request(alice, alice_store, is_hotrush=bool(number % 2))
        if number % 3:
            services.assign(ticket=ticket, actor=engineer_en.user, engineer=engineer_en)
    # when
    with django_assert_max_num_queries(QUEUE_QUERIES):
        status, body = as_engineer.get_json("/api/console/queue", page_size=100)
    # then
    assert (status, len(body["items"])) == (200, 30)


def test_messages_and_events_run_a_fixed_number_of_queries(
    as_engineer, alice, alice_ticket, engineer_en, django_assert_num_queries
):
    # given
    base = f"/api/console/tickets/{alice_ticket.pk}"
    with django_assert_num_queries(MESSAGES_QUERIES):
        assert as_engineer.get_json(f"{base}/messages", page_size=100)[1]["count"] == 1
    with django_assert_num_queries(EVENTS_QUERIES):
        assert as_engineer.get_json(f"{base}/events", page_size=100)[1]["count"] == 1
    for number in range(29):
        if number % 2:
            services.add_note(ticket=alice_ticket, engineer=engineer_en, body=f"Note {number}")
        else:
            services.add_customer_message(ticket=alice_ticket, author=alice, body=f"{number}")
    # when
    with django_assert_num_queries(MESSAGES_QUERIES):
        messages = as_engineer.get_json(f"{base}/messages", page_size=100)
    with django_assert_num_queries(EVENTS_QUERIES):
        events = as_engineer.get_json(f"{base}/events", page_size=100)
    # then
    assert (messages[0], len(messages[1]["items"])) == (200, 30)
    assert (events[0], events[1]["count"]) == (200, 30)


def test_move_to_another_department(as_engineer, alice_ticket):
    status, body = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/department", {"department": "sales"}
    )

    assert (status, body["department"], body["unrouted_reason"]) == (200, "sales", "")


def test_move_to_an_unknown_department_changes_nothing(as_engineer, alice_ticket, row_counts):
    before = row_counts()

    status, body = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/department", {"department": "nowhere"}
    )

    assert (status, body["code"]) == (400, "invalid_department")
    assert row_counts() == before


def test_queue_pages_follow_next_cursor(as_engineer, alice, alice_store, alice_subscription):
    # given: five requests
    opened = [open_request(alice, alice_store).pk for _ in range(5)]

    # when: the cursors are followed, two rows a page
    seen, params = [], {"page_size": 2}
    while True:
        status, body = as_engineer.get_json("/api/console/queue", **params)
        assert status == 200
        assert (body["count"], body["count_is_exact"]) == (5, True)
        seen.append([row["id"] for row in body["items"]])
        if body["next_cursor"] is None:
            break
        params = {"page_size": 2, "cursor": body["next_cursor"]}

    # then
    assert seen == [opened[0:2], opened[2:4], opened[4:5]]


def test_a_cursor_that_does_not_decode_is_refused(as_engineer, alice_ticket):
    status, body = as_engineer.get_json("/api/console/queue", cursor="bm9wZQ")

    assert status == 400
    assert body["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    ("engineer_id", "status"),
    [("pk.0", 200), ("1", 422), (True, 422), (1.5, 422), (1e300, 422)],
)
def test_an_integral_number_is_an_id_and_nothing_else_is(
    as_engineer, alice_ticket, engineer_ru, engineer_id, status
):
    # given an id written the way JSON Schema's `integer` allows (100.0), or not an integer at all
    value = float(engineer_ru.pk) if engineer_id == "pk.0" else engineer_id
    # when
    answer = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/assign", {"engineer_id": value}
    )
    # then
    assert answer[0] == status
    alice_ticket.refresh_from_db()
    assert alice_ticket.assignee_id == (engineer_ru.pk if status == 200 else None)
