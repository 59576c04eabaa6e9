from __future__ import annotations

from typing import Any

import pytest

from desk.accounts.models import Department
from desk.core.errors import DeskError
from desk.tickets import selectors, services
from desk.tickets.models import Status
from desk.tickets.tests.builders import open_request, upload


@pytest.fixture
def queue(alice, alice_store, alice_subscription, bob, bob_store, bob_subscription, clock):
    """Five requests opened a minute apart, by name, in this order."""
    service = Department.objects.get(code="customer-service")
    opened = {}
    rows: list[tuple[str, Any, Any, dict[str, Any]]] = [
        ("old", alice, alice_store, {}),
        ("ru", bob, bob_store, {"language": "ru"}),
        ("rush_first", alice, alice_store, {"is_hotrush": True}),
        ("service", bob, bob_store, {"department": service}),
        ("rush_second", bob, bob_store, {"is_hotrush": True}),
    ]
    for name, customer, store, extra in rows:
        clock.advance(minutes=1)
        opened[name] = open_request(customer, store, subject=name, **extra)
    return opened


def _subjects(tickets) -> list[str]:
    return [ticket.subject for ticket in tickets]


def test_queue_puts_the_earliest_reply_due_first_then_oldest_first(queue, engineer_en):
    # Hotrush is due in 2 working hours, a common inquiry in 1 business day.
    tickets = selectors.tickets_for_queue(engineer=engineer_en)

    assert _subjects(tickets) == ["rush_first", "rush_second", "old", "ru", "service"]


def test_queue_views(queue, engineer_en, engineer_ru):
    # given
    services.reply(ticket=queue["old"], engineer=engineer_en, body="Hi")  # now waiting, mine
    services.assign(ticket=queue["ru"], actor=engineer_ru.user, engineer=engineer_ru)
    services.change_status(ticket=queue["service"], actor=engineer_en.user, status=Status.RESOLVED)

    # then
    new = selectors.tickets_for_queue(engineer=engineer_en, view="new")
    assert _subjects(new) == ["rush_first", "rush_second", "ru"]
    mine = selectors.tickets_for_queue(engineer=engineer_en, view="mine")
    assert _subjects(mine) == ["old"]
    all_open = selectors.tickets_for_queue(engineer=engineer_en, view="all")
    # "old" owes no reply now (waiting on the customer): it goes last
    assert _subjects(all_open) == ["rush_first", "rush_second", "ru", "old"]
    resolved = selectors.tickets_for_queue(engineer=engineer_en, status=Status.RESOLVED)
    assert _subjects(resolved) == ["service"]
    assert not selectors.tickets_for_queue(engineer=engineer_ru, view="mine", status="waiting")


def test_queue_filters(queue, engineer_en):
    def subjects(**filters) -> list[str]:
        return _subjects(selectors.tickets_for_queue(engineer=engineer_en, **filters))

    assert subjects(department="customer-service") == ["service"]
    assert subjects(language="ru") == ["ru"]
    assert subjects(hotrush=True) == ["rush_first", "rush_second"]
    assert subjects(hotrush=False) == ["old", "ru", "service"]
    assert subjects(department="technical-support", hotrush=True, language="en") == [
        "rush_first",
        "rush_second",
    ]


@pytest.mark.parametrize(
    ("filters", "code"),
    [({"view": "mine!"}, "invalid_queue_view"), ({"status": "gone"}, "invalid_status")],
)
def test_queue_refuses_unknown_view_or_status(engineer_en, filters, code):
    with pytest.raises(DeskError) as caught:
        selectors.tickets_for_queue(engineer=engineer_en, **filters)

    assert caught.value.code == code


def test_tickets_of_customer_newest_first_with_status_filter(queue, alice, engineer_en):
    services.change_status(ticket=queue["old"], actor=engineer_en.user, status=Status.CLOSED)

    assert _subjects(selectors.tickets_of_customer(alice)) == ["rush_first", "old"]
    assert _subjects(selectors.tickets_of_customer(alice, status="closed")) == ["old"]


def test_status_counts_of_customer(queue, bob, engineer_en, django_assert_num_queries):
    services.change_status(ticket=queue["ru"], actor=engineer_en.user, status=Status.WAITING)

    with django_assert_num_queries(1):
        counts = selectors.status_counts_of_customer(bob)

    assert counts == {"new": 2, "open": 0, "waiting": 1, "resolved": 0, "closed": 0}


def _fill(count, alice, store, engineer):
    for index in range(count):
        ticket = open_request(alice, store, subject=f"Request {index}")
        services.assign(ticket=ticket, actor=engineer.user, engineer=engineer)
        services.add_customer_message(
            ticket=ticket, author=alice, body="More", attachments=[upload()]
        )
        services.add_note(ticket=ticket, engineer=engineer, body="Note")


def _read_everything(alice, engineer) -> None:
    for ticket in selectors.tickets_for_queue(engineer=engineer):
        assert ticket.store is not None
        assert ticket.plan is not None
        _ = (ticket.customer.email, ticket.store.canonical_url, ticket.department.name)
        _ = (ticket.assignee.user.email if ticket.assignee else "", ticket.plan.code)
    for ticket in selectors.tickets_of_customer(alice):
        assert ticket.store is not None
        _ = (ticket.store.canonical_url, ticket.department.name)


@pytest.mark.parametrize("count", [1, 30])
def test_list_selectors_run_a_fixed_number_of_queries(
    alice, alice_store, alice_subscription, engineer_en, django_assert_num_queries, count
):
    _fill(count, alice, alice_store, engineer_en)
    engineer_en.user.refresh_from_db()

    with django_assert_num_queries(2):
        _read_everything(alice, engineer_en)


@pytest.mark.parametrize("count", [1, 30])
def test_conversation_selectors_run_a_fixed_number_of_queries(
    alice, alice_ticket, engineer_en, django_assert_num_queries, count
):
    for _ in range(count):
        services.add_customer_message(
            ticket=alice_ticket, author=alice, body="More", attachments=[upload()]
        )
        services.reply(ticket=alice_ticket, engineer=engineer_en, body="Answer")

    with django_assert_num_queries(3):
        messages = list(selectors.ticket_messages(alice_ticket, include_notes=True))
        names = [(m.author.email, [a.original_name for a in m.attachments.all()]) for m in messages]
        actors = [e.actor.email for e in selectors.ticket_events(alice_ticket) if e.actor]

    assert len(names) == 1 + 2 * count
    # created; first round: message, reply, status, assigned; later rounds: 4 each
    assert len(actors) == 1 + 4 * count
