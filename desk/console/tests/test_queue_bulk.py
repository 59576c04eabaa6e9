"""The queue's action bar: ticked requests assigned or moved, each refused row reported."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from desk.tickets import services
from desk.tickets.models import Status, Ticket
from desk.tickets.tests.builders import open_request

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def erin(client, engineer_en):
    client.force_login(engineer_en.user)
    return client


def _flashes(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_queue_has_checkboxes_and_the_action_bar(erin, alice_ticket):
    page = erin.get(reverse("console:queue"))
    html = page.content.decode()
    assert f'id="pick-{alice_ticket.pk}"' in html
    assert 'form="bulk-form"' in html
    assert 'id="bulk-form"' in html
    assert "data-shortcut-help" in html


def test_bulk_status_reports_refused_rows_and_goes_back(
    erin, engineer_en, alice, alice_store, alice_ticket
):
    # given a closed request among the ticked ones
    closed = open_request(alice, alice_store, subject="Closed one")
    services.change_status(ticket=closed, actor=engineer_en.user, status=Status.CLOSED)
    # when
    answer = erin.post(
        reverse("console:queue_bulk"),
        {
            "tickets": [str(alice_ticket.pk), str(closed.pk), "999999", "x"],
            "action": "status",
            "status": "waiting",
            "next": "/console/?view=mine",
        },
    )
    # then
    assert answer.status_code == 302
    assert answer["Location"] == "/console/?view=mine"
    assert Ticket.objects.get(pk=alice_ticket.pk).status == Status.WAITING
    assert Ticket.objects.get(pk=closed.pk).status == Status.CLOSED
    flashes = _flashes(answer)
    assert ("success", "1 request changed.") in flashes
    errors = [text for level, text in flashes if level == "error"]
    assert len(errors) == 2
    assert errors[0].startswith(f"{closed.reference} not changed:")
    assert errors[1].startswith("REQ-999999 not changed:")


def test_bulk_assign_and_an_offsite_next_is_ignored(erin, engineer_ru, alice_ticket):
    # when
    answer = erin.post(
        reverse("console:queue_bulk"),
        {
            "tickets": [str(alice_ticket.pk)],
            "action": "assign",
            "engineer": str(engineer_ru.pk),
            "next": "https://evil.example/",
        },
    )
    # then
    assert answer["Location"] == reverse("console:queue")
    assert Ticket.objects.get(pk=alice_ticket.pk).assignee_id == engineer_ru.pk


def test_nothing_ticked_or_bad_action_changes_nothing(erin, alice_ticket):
    for data in ({"action": "status", "status": "open"}, {"tickets": [alice_ticket.pk]}):
        answer = erin.post(reverse("console:queue_bulk"), data)
        assert answer.status_code == 302
        assert {level for level, _ in _flashes(answer)} == {"error"}
    assert Ticket.objects.get(pk=alice_ticket.pk).status == Status.NEW


def test_customers_get_404(client, alice, alice_ticket):
    client.force_login(alice)
    answer = client.post(
        reverse("console:queue_bulk"),
        {"tickets": [alice_ticket.pk], "action": "status", "status": "closed"},
    )
    assert answer.status_code == 404
    assert Ticket.objects.get(pk=alice_ticket.pk).status == Status.NEW
