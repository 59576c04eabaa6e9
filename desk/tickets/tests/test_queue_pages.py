"""Keyset pages of the queue and of a customer's requests: walking the cursors gives every row
once, in the selector's order, across the requests owing a reply and those that do not; a bad
cursor is refused with a code; counts are exact up to the limit and bounded above it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from desk.core import keyset
from desk.core.errors import DeskError
from desk.tickets import selectors, services
from desk.tickets.tests.builders import open_request


@pytest.fixture
def requests(alice, alice_store, alice_subscription, engineer_en, clock) -> list[Any]:
    """Eleven requests a minute apart, every third Hotrush; four answered (waiting on the
    customer: they owe no reply, so they sort after the others)."""
    opened = []
    for number in range(11):
        clock.advance(minutes=1)
        ticket = open_request(alice, alice_store, subject=f"r{number}", is_hotrush=number % 3 == 0)
        if number in (1, 4, 5, 9):
            services.reply(ticket=ticket, engineer=engineer_en, body="Try this.")
        opened.append(ticket)
    return opened


def _walk(queryset: Any, order: keyset.KeyOrder, size: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        page = keyset.keyset_page(queryset, order, cursor, size)
        pages.append([ticket.subject for ticket in page.rows])
        cursor = page.next_cursor
        if cursor is None:
            return pages


@pytest.mark.parametrize("size", [1, 3, 4, 7, 11, 20])
def test_queue_pages_follow_the_queue_order(requests, engineer_en, size):
    # given
    queue = selectors.tickets_for_queue(engineer=engineer_en)
    expected = [ticket.subject for ticket in queue]
    assert expected[-4:] == ["r1", "r4", "r5", "r9"]  # owing no reply: last, oldest first

    # when
    pages = _walk(queue, selectors.QUEUE_KEYS, size)

    # then
    assert [subject for page in pages for subject in page] == expected
    assert all(len(page) == size for page in pages[:-1])
    assert 0 < len(pages[-1]) <= size


@pytest.mark.parametrize("size", [2, 5])
def test_customer_pages_run_newest_first(requests, alice, size):
    mine = selectors.tickets_of_customer(alice)

    pages = _walk(mine, selectors.CUSTOMER_KEYS, size)

    assert [subject for page in pages for subject in page] == [f"r{n}" for n in range(10, -1, -1)]


@pytest.mark.parametrize(
    "cursor", ["%%%", "bm90IGpzb24", "WzFd", "WyJ4IiwieSIsM10", "W251bGwsbnVsbCxudWxsXQ"]
)
def test_a_cursor_that_does_not_decode_is_refused(requests, engineer_en, cursor):
    queue = selectors.tickets_for_queue(engineer=engineer_en)

    with pytest.raises(DeskError) as caught:
        keyset.keyset_page(queue, selectors.QUEUE_KEYS, cursor, 5)

    assert caught.value.code == "invalid_cursor"


def test_counts_are_exact_up_to_the_limit_and_bounded_above(requests, engineer_en):
    queue = selectors.tickets_for_queue(engineer=engineer_en)

    assert keyset.bounded_count(queue) == keyset.BoundedCount(11, is_exact=True)
    assert keyset.bounded_count(queue, limit=11) == keyset.BoundedCount(11, is_exact=True)
    assert keyset.bounded_count(queue, limit=10) == keyset.BoundedCount(10, is_exact=False)


@pytest.mark.parametrize(
    ("language", "exact", "label"),
    [
        ("en", True, "1,000"),
        ("en", False, "1,000+"),
        ("ru", True, "1\xa0000"),
        ("ru", False, "1\xa0000+"),
    ],
)
def test_count_labels_are_localised(language, exact, label):
    with translation.override(language):
        assert keyset.BoundedCount(1000, is_exact=exact).label == label


FIRST_PAGE_ARGUMENTS = [
    {"view": "all"},
    {"view": "mine"},
    {"view": "new"},
    {"view": "all", "department": "technical-support"},
    {"view": "all", "department": "no-such-department"},
    {"view": "mine", "department": "technical-support", "hotrush": True},
    {"view": "all", "status": "waiting"},
    {"view": "all", "language": "en", "hotrush": False},
]


@pytest.mark.parametrize("arguments", FIRST_PAGE_ARGUMENTS)
@pytest.mark.parametrize("size", [1, 3, 7, 8, 11, 20])
def test_the_prepared_first_page_is_keyset_pages(
    requests, engineer_en, engineer_ru, arguments, size, django_assert_num_queries
):
    # given: some requests assigned to engineer_en, one to another engineer
    for ticket in requests[:6]:
        services.assign(ticket=ticket, actor=engineer_en.user, engineer=engineer_en)
    services.assign(ticket=requests[6], actor=engineer_en.user, engineer=engineer_ru)
    queue = selectors.queue_rows(selectors.tickets_for_queue(engineer=engineer_en, **arguments))
    expected = keyset.keyset_page(queue, selectors.QUEUE_KEYS, None, size)
    owing = queue.filter(reply_due_at__isnull=False).count()
    assert expected.rows or arguments.get("department") == "no-such-department"
    # when: the rows that owe a reply, then those that do not unless the page is full
    with django_assert_num_queries(1 if owing > size else 2):
        found = selectors.first_queue_page(engineer=engineer_en, **arguments, size=size)
    # then: the same rows, with the same fields read, and the same cursor
    assert [t.pk for t in found.rows] == [t.pk for t in expected.rows]
    assert [t.get_deferred_fields() for t in found.rows] == [
        t.get_deferred_fields() for t in expected.rows
    ]
    assert found.next_cursor == expected.next_cursor
