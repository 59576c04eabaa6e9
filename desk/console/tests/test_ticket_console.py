"""Console request page and its actions: each calls one service, flashes, and redirects back."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from desk.entitlements.selectors import credit_balances
from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.models import EventKind, Message, MessageKind, Status, Ticket, TicketEvent
from desk.tickets.scope import Category

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def alice_store(alice):
    return store_services.add_store(customer=alice, url="alice-shop.example")


@pytest.fixture
def ticket(alice, alice_store):
    """A new request of Alice paid with a Normal incident credit."""
    paid_order(alice, "incident-normal")
    return services.open_ticket(
        customer=alice,
        store=alice_store,
        subject="Tax rates not applied",
        body="VAT is missing at checkout.",
        category=Category.CONFIGURATION,
        language="en",
    )


@pytest.fixture
def signed_in(client, engineer_en):
    client.force_login(engineer_en.user)
    return client


def flashes(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def state(ticket: Ticket) -> dict[str, object]:
    """Everything an action may change, to prove that a refused one changed nothing."""
    ticket.refresh_from_db()
    return {
        "status": ticket.status,
        "assignee": ticket.assignee_id,
        "out_of_scope": ticket.out_of_scope,
        "bug_url": ticket.bug_url,
        "messages": Message.objects.filter(ticket=ticket).count(),
        "events": TicketEvent.objects.filter(ticket=ticket).count(),
    }


def events_of(ticket: Ticket) -> list[str]:
    return list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))


ACTIONS = [
    ("console:ticket_reply", {"body": "Hello"}),
    ("console:ticket_note", {"body": "Note"}),
    ("console:ticket_assign", {"engineer": ""}),
    ("console:ticket_status", {"status": "open"}),
    ("console:ticket_out_of_scope", {"reason": "No", "confirm": "on"}),
    ("console:ticket_bug", {"url": "https://issues.example/1"}),
]


# --- who may enter ------------------------------------------------------------------------


@pytest.mark.parametrize("signed_in_as", ["anonymous", "customer"])
def test_ticket_page_is_404_for_non_engineers(client, alice, ticket, signed_in_as):
    # given
    if signed_in_as == "customer":
        client.force_login(alice)
    # when
    response = client.get(reverse("console:ticket", args=[ticket.pk]))
    # then
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "data"), ACTIONS)
def test_actions_are_404_for_the_customer_and_change_nothing(client, alice, ticket, name, data):
    # given
    client.force_login(alice)
    before = state(ticket)
    # when
    response = client.post(reverse(name, args=[ticket.pk]), data)
    # then
    assert response.status_code == 404
    assert state(ticket) == before


def test_missing_ticket_is_404(signed_in):
    # when
    response = signed_in.get(reverse("console:ticket", args=[999999]))
    # then
    assert response.status_code == 404


# --- the page -----------------------------------------------------------------------------


def test_ticket_page_shows_everything_including_internal_notes(signed_in, engineer_en, ticket):
    # given
    services.add_note(ticket=ticket, engineer=engineer_en, body="Check the tax module first.")
    # when
    response = signed_in.get(reverse("console:ticket", args=[ticket.pk]))
    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "Check the tax module first." in content
    assert "Internal note — not visible to the customer" in content
    assert 'class="msg note"' in content
    for fact in ("alice@example.com", "<dd>Berlin</dd>", "alice-shop.example", "Normal incident"):
        assert fact in content
    assert [row["event"].kind for row in response.context["history"]] == ["created", "note"]


def test_closed_request_offers_only_notes_and_the_bug_link(signed_in, engineer_en, ticket):
    # given
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.CLOSED)
    # when
    response = signed_in.get(reverse("console:ticket", args=[ticket.pk]))
    # then
    content = response.content.decode()
    for name in ("console:ticket_note", "console:ticket_bug"):
        assert f'action="{reverse(name, args=[ticket.pk])}"' in content
    for name in ("reply", "assign", "status", "out_of_scope"):
        assert f'action="{reverse("console:ticket_" + name, args=[ticket.pk])}"' not in content


# --- actions ------------------------------------------------------------------------------


def test_reply_sends_and_waits_on_the_customer(signed_in, engineer_en, ticket):
    # when
    response = signed_in.post(
        reverse("console:ticket_reply", args=[ticket.pk]),
        {
            "body": "Enable tax classes.",
            "attachments": [SimpleUploadedFile("howto.txt", b"steps", content_type="text/plain")],
        },
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("console:ticket", args=[ticket.pk])
    reply = Message.objects.filter(ticket=ticket, kind=MessageKind.REPLY).get()
    assert (reply.body, reply.author) == ("Enable tax classes.", engineer_en.user)
    assert [a.original_name for a in reply.attachments.all()] == ["howto.txt"]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == (Status.WAITING, engineer_en)
    assert events_of(ticket) == ["created", "reply", "sla_met", "status", "assigned"]
    assert flashes(response) == [("success", "Reply sent to the customer.")]


def test_reply_with_a_status_after_it(signed_in, ticket):
    # when
    signed_in.post(
        reverse("console:ticket_reply", args=[ticket.pk]), {"body": "Fixed.", "status": "resolved"}
    )
    # then
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED


def test_empty_reply_is_a_flash_error_and_changes_nothing(signed_in, ticket):
    # given
    before = state(ticket)
    # when
    response = signed_in.post(reverse("console:ticket_reply", args=[ticket.pk]), {"body": ""})
    # then the request page answers again, with the message
    assert response.status_code == 400
    assert flashes(response) == [("error", "Reply to the customer: This field is required.")]
    assert state(ticket) == before


def test_reply_to_closed_request_is_a_flash_error(signed_in, engineer_en, ticket):
    # given
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.CLOSED)
    before = state(ticket)
    # when
    response = signed_in.post(
        reverse("console:ticket_reply", args=[ticket.pk]), {"body": "Late answer"}
    )
    # then
    assert response.status_code == 400
    assert flashes(response) == [
        ("error", "This request is closed. Open a new request if you need more help.")
    ]
    assert state(ticket) == before


def test_refused_reply_keeps_what_was_typed(signed_in, ticket):
    # given a reply with a file over the attachment limit
    big = SimpleUploadedFile(
        "dump.txt", b"x" * (settings.DESK_ATTACHMENT_MAX_BYTES + 1), content_type="text/plain"
    )
    # when
    response = signed_in.post(
        reverse("console:ticket_reply", args=[ticket.pk]),
        {"body": "Here is the fix <for> you", "attachments": big, "status": "waiting"},
    )
    # then the page shows the refusal and the text as it was typed
    assert response.status_code == 400
    page = response.content.decode()
    assert "Here is the fix &lt;for&gt; you</textarea>" in page
    assert not ticket.messages.filter(body__contains="Here is the fix").exists()


@pytest.mark.parametrize(
    ("name", "data", "kept"),
    [
        ("console:ticket_note", {"body": ""}, 'id="note_body"'),
        ("console:ticket_out_of_scope", {"reason": "Custom module work"}, "Custom module work"),
        (
            "console:ticket_quote_offer",
            {"description": "Custom shipping module", "amount": "-50", "reason": "Custom dev"},
            'value="-50"',
        ),
    ],
)
def test_refused_console_forms_keep_their_values(signed_in, ticket, name, data, kept):
    # given
    before = state(ticket)
    # when
    response = signed_in.post(reverse(name, args=[ticket.pk]), data)
    # then
    assert response.status_code == 400
    assert kept in response.content.decode()
    for value in data.values():
        assert value in response.content.decode()
    assert state(ticket) == before


def test_note_is_added(signed_in, engineer_en, ticket):
    # when
    response = signed_in.post(
        reverse("console:ticket_note", args=[ticket.pk]), {"body": "Customer is on PHP 7."}
    )
    # then
    note = Message.objects.filter(ticket=ticket, kind=MessageKind.NOTE).get()
    assert (note.body, note.author) == ("Customer is on PHP 7.", engineer_en.user)
    assert events_of(ticket) == ["created", "note"]
    assert flashes(response) == [("success", "Internal note added.")]


def test_assign_to_another_engineer_then_unassign(signed_in, engineer_ru, ticket):
    # when
    signed_in.post(reverse("console:ticket_assign", args=[ticket.pk]), {"engineer": engineer_ru.pk})
    ticket.refresh_from_db()
    assigned = ticket.assignee
    response = signed_in.post(reverse("console:ticket_assign", args=[ticket.pk]), {"engineer": ""})
    # then
    ticket.refresh_from_db()
    assert assigned == engineer_ru
    assert ticket.assignee is None
    assert events_of(ticket) == ["created", "assigned", "assigned"]
    assert flashes(response)[-1] == ("success", "Assignment saved.")


def test_assign_to_me_and_history_names_the_engineer(signed_in, engineer_en, ticket):
    # when
    signed_in.post(reverse("console:ticket_assign", args=[ticket.pk]), {"engineer": engineer_en.pk})
    page = signed_in.get(reverse("console:ticket", args=[ticket.pk]))
    # then
    ticket.refresh_from_db()
    assert ticket.assignee == engineer_en
    assigned = page.context["history"][-1]
    assert (assigned["from"], assigned["to"]) == ("nobody", "Erin Engineer")


def test_assign_unknown_engineer_is_a_flash_error(signed_in, ticket):
    # given
    before = state(ticket)
    # when
    response = signed_in.post(
        reverse("console:ticket_assign", args=[ticket.pk]), {"engineer": 9999}
    )
    # then
    assert flashes(response)[0][0] == "error"
    assert state(ticket) == before


def test_status_change_is_recorded(signed_in, engineer_en, ticket):
    # when
    response = signed_in.post(
        reverse("console:ticket_status", args=[ticket.pk]), {"status": "open"}
    )
    # then
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    event = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.STATUS).get()
    assert (event.from_value, event.to_value, event.actor) == ("new", "open", engineer_en.user)
    assert flashes(response) == [("success", "Status changed.")]


def test_unknown_status_is_a_flash_error(signed_in, ticket):
    # given
    before = state(ticket)
    # when
    response = signed_in.post(reverse("console:ticket_status", args=[ticket.pk]), {"status": "x"})
    # then
    assert flashes(response)[0][0] == "error"
    assert state(ticket) == before


def test_out_of_scope_resolves_and_returns_the_credit(signed_in, alice, ticket):
    # given
    assert credit_balances(alice)["normal"] == 0
    # when
    response = signed_in.post(
        reverse("console:ticket_out_of_scope", args=[ticket.pk]),
        {"reason": "Custom development is quoted separately.", "confirm": "on"},
    )
    # then
    ticket.refresh_from_db()
    assert (ticket.out_of_scope, ticket.status) == (True, Status.RESOLVED)
    assert credit_balances(alice)["normal"] == 1
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.OUT_OF_SCOPE)
    assert event.data["reason"] == "Custom development is quoted separately."
    assert flashes(response) == [("success", "Request ruled out of scope.")]


def test_out_of_scope_needs_confirmation(signed_in, alice, ticket):
    # given
    before = state(ticket)
    # when
    response = signed_in.post(
        reverse("console:ticket_out_of_scope", args=[ticket.pk]), {"reason": "Custom work."}
    )
    # then
    assert flashes(response) == [
        ("error", "I confirm this request is out of scope: Tick the box to confirm.")
    ]
    assert state(ticket) == before
    assert credit_balances(alice)["normal"] == 0


def test_bug_link_is_saved(signed_in, ticket):
    # when
    response = signed_in.post(
        reverse("console:ticket_bug", args=[ticket.pk]), {"url": "https://issues.example/T-7"}
    )
    # then
    ticket.refresh_from_db()
    assert ticket.bug_url == "https://issues.example/T-7"
    assert events_of(ticket) == ["created", "bug_linked"]
    assert flashes(response) == [("success", "Bug tracker link saved.")]


@pytest.mark.parametrize("url", ["not a url", "javascript:alert(1)", ""])
def test_bad_bug_link_is_a_flash_error_and_changes_nothing(signed_in, ticket, url):
    # given
    before = state(ticket)
    # when
    response = signed_in.post(reverse("console:ticket_bug", args=[ticket.pk]), {"url": url})
    # then
    assert response.status_code == 400
    assert [level for level, _ in flashes(response)] == ["error"]
    assert state(ticket) == before


@pytest.mark.parametrize("name", [name for name, _ in ACTIONS])
def test_actions_only_accept_post(signed_in, ticket, name):
    # when
    response = signed_in.get(reverse(name, args=[ticket.pk]))
    # then
    assert response.status_code == 405
