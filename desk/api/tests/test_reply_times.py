"""Reply times in the API: the guarantee and the honest expectation on the customer's request
(desk.tickets.clock.expectations), and the working time left on each console queue row
(desk.tickets.clock.reply_clock.time_left). Support hours (PRODUCT.md §4): Mon-Fri 06:00-01:00 (next
day), Moscow time; a common inquiry is owed a reply within one business day."""

from __future__ import annotations

from datetime import UTC, datetime

from desk.tickets import services
from desk.tickets.models import Status
from desk.tickets.tests.builders import at_moscow, next_moscow, open_request

MONDAY = 0
# session + user (with the engineer profile: the access check), the request (store and department
# joined), and the expectation: the policy, the engineers of the department and language, their
# schedules' revisions and the support calendar's (their shift calendars are cached per process),
# the department's recent replies (one maintained row: desk.tickets.recent_replies), the queue ahead
DETAIL_QUERIES = 9


def z(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def test_detail_shows_the_guarantee_and_the_expectation(
    as_alice, alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: one engineer answers the department, no reply history yet (the policy's 30 working
    # minutes per request), and one request owed a reply earlier is ahead
    opened = clock.current = next_moscow(MONDAY, 10)
    open_request(alice, alice_store)
    clock.advance(minutes=1)
    ticket = open_request(alice, alice_store)
    # when
    status, body = as_alice.get_json(f"/api/tickets/{ticket.pk}")
    # then: two rounds of 30 minutes
    assert status == 200
    assert body["guaranteed_reply_at"] == z(at_moscow(opened, 1, 10, 1))
    assert body["reply_due_at"] == body["guaranteed_reply_at"]
    assert body["expected_reply_at"] == z(at_moscow(opened, 0, 11, 1))


def test_while_support_is_closed_the_answer_says_when_it_opens(
    as_alice, alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: Friday 04:02 Moscow; support opens at 06:00
    opened = clock.current = next_moscow(4, 4, 2)
    ticket = open_request(alice, alice_store)
    # when
    body = as_alice.get_json(f"/api/tickets/{ticket.pk}")[1]
    # then: never expected before it opens
    assert body["support_opens_at"] == z(at_moscow(opened, 0, 6))
    assert body["expected_reply_at"] == z(at_moscow(opened, 0, 6, 30))


def test_while_support_is_open_there_is_no_opening_time(
    as_alice, alice, alice_store, alice_subscription, engineer_en, clock
):
    clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store)

    assert as_alice.get_json(f"/api/tickets/{ticket.pk}")[1]["support_opens_at"] is None


def test_without_engineers_the_expectation_is_the_guarantee(
    as_alice, alice, alice_store, alice_subscription, clock
):
    # given
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store)
    # when
    body = as_alice.get_json(f"/api/tickets/{ticket.pk}")[1]
    # then
    assert body["guaranteed_reply_at"] == body["expected_reply_at"] == z(at_moscow(opened, 1, 10))


def test_no_reply_owed_means_no_times(as_alice, alice_ticket, engineer_en):
    # given: the engineer answered; the request waits on the customer
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="Fixed.")
    # when
    body = as_alice.get_json(f"/api/tickets/{alice_ticket.pk}")[1]
    # then
    assert (body["status"], body["reply_due_at"]) == (Status.WAITING, None)
    assert (body["guaranteed_reply_at"], body["expected_reply_at"]) == (None, None)


def test_overdue_request_has_no_promise_left(
    as_alice, alice, alice_store, alice_subscription, clock
):
    # given
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store)
    clock.current = at_moscow(opened, 1, 10, 1)
    # when
    body = as_alice.get_json(f"/api/tickets/{ticket.pk}")[1]
    # then
    assert body["reply_due_at"] == z(at_moscow(opened, 1, 10))
    assert (body["guaranteed_reply_at"], body["expected_reply_at"]) == (None, None)


def test_the_list_leaves_them_out(as_alice, alice_ticket):
    # when: computing them costs queries per row, so only the detail has them
    row = as_alice.get_json("/api/tickets")[1]["items"][0]
    # then
    assert row["id"] == alice_ticket.pk
    assert "guaranteed_reply_at" not in row
    assert "expected_reply_at" not in row


def test_detail_runs_a_fixed_number_of_queries(
    as_alice, alice, alice_store, alice_subscription, engineer_en, django_assert_num_queries
):
    # given
    ticket = open_request(alice, alice_store)
    for _ in range(5):
        open_request(alice, alice_store)
    as_alice.get_json(f"/api/tickets/{ticket.pk}")  # engineers' shift calendars: built, cached
    # when
    with django_assert_num_queries(DETAIL_QUERIES):
        status, body = as_alice.get_json(f"/api/tickets/{ticket.pk}")
    # then
    assert (status, body["guaranteed_reply_at"] is not None) == (200, True)


def test_queue_rows_show_the_working_time_left(
    as_engineer, alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: due Tuesday 10:00; an hour later 18 working hours are left (11:00-01:00, 06:00-10:00)
    opened = clock.current = next_moscow(MONDAY, 10)
    owed = open_request(alice, alice_store)
    answered = open_request(alice, alice_store)
    services.reply(ticket=answered, engineer=engineer_en, body="Fixed.", status=Status.OPEN)
    clock.advance(hours=1)
    # when
    status, body = as_engineer.get_json("/api/console/queue")
    # then: the request owing a reply first, the other (no reply owed) last
    assert status == 200
    rows = [
        (row["id"], row["reply_due_at"], row["working_seconds_left"], row["is_overdue"])
        for row in body["items"]
    ]
    assert rows == [
        (owed.pk, z(at_moscow(opened, 1, 10)), 18 * 3600, False),
        (answered.pk, None, None, False),
    ]


def test_overdue_queue_rows_have_no_time_left(
    as_engineer, alice, alice_store, alice_subscription, clock
):
    # given
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store)
    clock.current = at_moscow(opened, 1, 12)
    # when
    row = as_engineer.get_json("/api/console/queue")[1]["items"][0]
    # then
    assert (row["id"], row["working_seconds_left"], row["is_overdue"]) == (ticket.pk, 0, True)
