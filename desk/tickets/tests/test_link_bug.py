from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.tickets import services
from desk.tickets.models import EventKind, TicketEvent

BUG = "https://issues.supportdesk.example/browse/SD-42"


def test_engineer_links_a_bug(alice_ticket, engineer_en):
    # when
    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url=f"  {BUG} ")

    # then
    alice_ticket.refresh_from_db()
    assert alice_ticket.bug_url == BUG
    event = TicketEvent.objects.get(ticket=alice_ticket, kind=EventKind.BUG_LINKED)
    assert (event.actor_id, event.to_value, event.data) == (
        engineer_en.user_id,
        BUG,
        {"previous": ""},
    )


def test_relinking_records_the_previous_link_and_same_link_is_a_no_op(
    alice_ticket, engineer_en, row_counts
):
    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url=BUG)
    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url="http://bugs.example/1")
    before = row_counts()

    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url="http://bugs.example/1")

    assert row_counts() == before
    events = TicketEvent.objects.filter(ticket=alice_ticket, kind=EventKind.BUG_LINKED)
    assert [(e.to_value, e.data) for e in events.order_by("id")] == [
        (BUG, {"previous": ""}),
        ("http://bugs.example/1", {"previous": BUG}),
    ]


def test_a_link_of_exactly_500_characters_is_accepted(alice_ticket, engineer_en):
    url = "https://bugs.example/" + "a" * (500 - len("https://bugs.example/"))

    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url=url)

    alice_ticket.refresh_from_db()
    assert alice_ticket.bug_url == url


@pytest.mark.parametrize(
    "url",
    [
        "",
        "issues.example/SD-1",
        "ftp://issues.example/SD-1",
        "javascript:alert(1)",
        "https://",
        "https://bugs.example/" + "a" * 480,
        "https://bugs.example/a b",
    ],
)
def test_invalid_bug_links_are_refused(alice_ticket, engineer_en, row_counts, url):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.link_bug(ticket=alice_ticket, engineer=engineer_en, url=url)

    assert caught.value.code == "invalid_bug_url"
    alice_ticket.refresh_from_db()
    assert alice_ticket.bug_url == ""
    assert row_counts() == before
