"""Portal request pages: the list, one request, replying, status buttons and downloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from desk.core import clock
from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.models import Attachment, Message, MessageKind, Status, TicketEvent
from desk.tickets.scope import Category

pytestmark = pytest.mark.usefixtures("media_root")


def subscribed_store(customer, url):
    store = store_services.add_store(customer=customer, url=url)
    paid_order(customer, "subscription-1m", store=store)
    return store


def open_request(customer, store, subject="Checkout shows a PHP warning", **extra):
    fields: dict[str, Any] = {
        "body": "Since yesterday the checkout page shows a warning.",
        "category": Category.PHP_MYSQL,
        "language": "en",
    }
    fields.update(extra)
    return services.open_ticket(customer=customer, store=store, subject=subject, **fields)


def upload(name="log.txt", content=b"PHP Warning: Undefined index", content_type="text/plain"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def alice_store(alice):
    return subscribed_store(alice, "alice-shop.example")


@pytest.fixture
def alice_ticket(alice, alice_store):
    return open_request(alice, alice_store)


def flashes(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- list -------------------------------------------------------------------------------


def test_list_needs_sign_in(client):
    # when
    response = client.get(reverse("portal:tickets"))
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_list_shows_only_own_requests(client, alice, bob, alice_store):
    # given
    open_request(alice, alice_store, subject="Alice cannot see her cart")
    bob_store = subscribed_store(bob, "bob-shop.example")
    bob_ticket = open_request(bob, bob_store, subject="Bob payment module", language="ru")
    client.force_login(bob)
    # when
    response = client.get(reverse("portal:tickets"))
    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bob payment module" in content
    assert bob_ticket.reference in content
    assert "bob-shop.example" in content
    assert "Alice cannot see her cart" not in content
    assert "alice-shop.example" not in content


def test_list_filters_by_status_and_counts_each_status(client, alice, alice_store, engineer_en):
    # given
    open_request(alice, alice_store, subject="Still broken")
    done = open_request(alice, alice_store, subject="Already fixed")
    services.change_status(ticket=done, actor=engineer_en.user, status=Status.RESOLVED)
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:tickets"), {"status": "resolved"})
    # then
    content = response.content.decode()
    assert "Already fixed" in content
    assert "Still broken" not in content
    assert [(value, count) for value, _, count in response.context["status_tabs"]] == [
        ("new", 1),
        ("open", 0),
        ("waiting", 0),
        ("resolved", 1),
        ("closed", 0),
    ]
    assert response.context["total"] == 2


def test_list_with_unknown_status_shows_everything(client, alice, alice_ticket):
    # given
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:tickets"), {"status": "bogus"})
    # then
    assert response.status_code == 200
    assert alice_ticket.subject in response.content.decode()


def test_list_shows_times_in_the_viewers_time_zone(client, alice, monkeypatch):
    # given: Alice lives in Europe/Berlin (UTC+1 in January)
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 1, 15, 10, 0, tzinfo=UTC))
    open_request(alice, subscribed_store(alice, "alice-shop.example"))
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:tickets"))
    # then
    assert b'datetime="2025-01-15T11:00:00+01:00"' in response.content


@pytest.mark.parametrize("count", [1, 30])
def test_list_runs_a_fixed_number_of_queries(
    client, alice, alice_store, django_assert_num_queries, count
):
    # given
    for number in range(count):
        open_request(alice, alice_store, subject=f"Request {number}")
    client.force_login(alice)
    url = reverse("portal:tickets")
    # when / then: session, user with engineer profile (none: the menu), status counts (which also
    # give the page count), page rows
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.num_pages == (2 if count == 30 else 1)
    # and a status filter counts the pages of that status only, the last page included
    with django_assert_num_queries(4):
        last = client.get(url, {"status": "new", "page": "9"})
    assert last.context["page_obj"].number == last.context["page_obj"].paginator.num_pages
    assert len(last.context["tickets"]) == (5 if count == 30 else 1)


# --- one request ------------------------------------------------------------------------


def test_ticket_page_shows_replies_but_never_internal_notes(
    client, alice, alice_ticket, engineer_en
):
    # given
    services.add_note(
        ticket=alice_ticket, engineer=engineer_en, body="Internal: customer uses a nulled theme"
    )
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="Please send the error log.")
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket", args=[alice_ticket.pk]))
    # then
    assert response.status_code == 200
    assert b"Internal: customer uses a nulled theme" not in response.content
    assert b"Please send the error log." in response.content
    assert b'class="msg reply"' in response.content
    assert b'class="msg note"' not in response.content
    assert [m.kind for m in response.context["conversation"]] == ["customer", "reply"]


def test_ticket_page_shows_store_entitlement_and_bug_link(client, alice, alice_ticket, engineer_en):
    # given
    services.link_bug(
        ticket=alice_ticket, engineer=engineer_en, url="https://issues.example/BUG-42"
    )
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket", args=[alice_ticket.pk]))
    # then
    content = response.content.decode()
    assert "alice-shop<wbr>.example" in content  # wraps at its dot only
    assert "Subscription" in content
    assert 'href="https://issues.example/BUG-42"' in content
    assert "issue tracker" in content


def test_ticket_page_explains_out_of_scope_with_the_reason(
    client, alice, alice_ticket, engineer_en
):
    # given
    services.rule_out_of_scope(
        ticket=alice_ticket, engineer=engineer_en, reason="Data migration is quoted separately."
    )
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket", args=[alice_ticket.pk]))
    # then
    content = response.content.decode()
    assert 'data-notice="out-of-scope"' in content
    assert "Data migration is quoted separately." in content


def test_foreign_ticket_is_404(client, bob, alice_ticket):
    # given
    client.force_login(bob)
    # when
    response = client.get(reverse("portal:ticket", args=[alice_ticket.pk]))
    # then
    assert response.status_code == 404


def test_missing_ticket_is_404(client, alice):
    # given
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket", args=[999999]))
    # then
    assert response.status_code == 404


def test_engineer_does_not_use_the_portal_page_of_a_customer_request(
    client, engineer_en, alice_ticket
):
    # given: engineers work requests in the console
    client.force_login(engineer_en.user)
    # when
    response = client.get(reverse("portal:ticket", args=[alice_ticket.pk]))
    # then
    assert response.status_code == 404


# --- reply and status -------------------------------------------------------------------


def test_reply_adds_a_customer_message_and_reopens(client, alice, alice_ticket, engineer_en):
    # given
    services.reply(ticket=alice_ticket, engineer=engineer_en, body="Which PHP version?")
    client.force_login(alice)
    # when
    response = client.post(
        reverse("portal:ticket_reply", args=[alice_ticket.pk]),
        {"body": "PHP 8.2", "attachments": [upload(), upload("phpinfo.txt", b"8.2")]},
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:ticket", args=[alice_ticket.pk])
    message = Message.objects.filter(ticket=alice_ticket).latest("id")
    assert (message.kind, message.body, message.author) == (MessageKind.CUSTOMER, "PHP 8.2", alice)
    assert sorted(a.original_name for a in message.attachments.all()) == ["log.txt", "phpinfo.txt"]
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.OPEN
    assert flashes(response) == ["Your message has been sent."]


def test_empty_reply_is_refused_and_changes_nothing(client, alice, alice_ticket):
    # given
    client.force_login(alice)
    before = Message.objects.count()
    # when
    response = client.post(reverse("portal:ticket_reply", args=[alice_ticket.pk]), {"body": "   "})
    # then
    assert response.status_code == 400
    assert response.context["reply_form"].errors == {"body": ["This field is required."]}
    assert Message.objects.count() == before


def test_reply_to_closed_request_is_refused(client, alice, alice_ticket):
    # given
    services.change_status(ticket=alice_ticket, actor=alice, status=Status.CLOSED)
    client.force_login(alice)
    before = Message.objects.count()
    # when
    response = client.post(
        reverse("portal:ticket_reply", args=[alice_ticket.pk]), {"body": "One more thing"}
    )
    # then
    assert response.status_code == 409
    assert response.context["reply_form"].non_field_errors() == [
        "This request is closed. Open a new request if you need more help."
    ]
    assert Message.objects.count() == before
    assert b'action="' + reverse("portal:ticket_reply", args=[alice_ticket.pk]).encode() not in (
        response.content
    )


def test_reply_to_foreign_ticket_is_404_and_writes_nothing(client, bob, alice_ticket):
    # given
    client.force_login(bob)
    before = Message.objects.count()
    # when
    response = client.post(
        reverse("portal:ticket_reply", args=[alice_ticket.pk]), {"body": "Hijack"}
    )
    # then
    assert response.status_code == 404
    assert Message.objects.count() == before


def test_mark_resolved(client, alice, alice_ticket):
    # given
    client.force_login(alice)
    # when
    response = client.post(
        reverse("portal:ticket_status", args=[alice_ticket.pk]), {"status": "resolved"}
    )
    # then
    assert response.status_code == 302
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.RESOLVED
    assert TicketEvent.objects.filter(ticket=alice_ticket, kind="status").count() == 1
    assert flashes(response) == ["The request status has been updated."]


def test_customer_cannot_set_other_statuses(client, alice, alice_ticket):
    # given
    client.force_login(alice)
    # when
    response = client.post(
        reverse("portal:ticket_status", args=[alice_ticket.pk]), {"status": "open"}
    )
    # then
    assert response.status_code == 302
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.NEW
    assert flashes(response) == ["This status cannot be chosen here."]


# --- attachments ------------------------------------------------------------------------


@pytest.fixture
def alice_file(alice, alice_store) -> Attachment:
    ticket = open_request(alice, alice_store, attachments=[upload('report "final".txt')])
    return Attachment.objects.get(message__ticket=ticket)


def test_download_is_an_attachment_with_nosniff(client, alice, alice_file):
    # given
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:attachment", args=[alice_file.pk]))
    # then
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="report \\"final\\".txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"PHP Warning: Undefined index"


def test_download_of_foreign_attachment_is_404(client, bob, alice_file):
    # given
    client.force_login(bob)
    # when
    response = client.get(reverse("portal:attachment", args=[alice_file.pk]))
    # then
    assert response.status_code == 404


def test_note_attachment_is_404_for_the_customer_but_not_the_engineer(
    client, alice, alice_ticket, engineer_en
):
    # given
    note = services.add_note(
        ticket=alice_ticket,
        engineer=engineer_en,
        body="Server credentials",
        attachments=[upload("creds.txt", b"secret")],
    )
    attachment = note.attachments.get()
    url = reverse("portal:attachment", args=[attachment.pk])
    # when
    client.force_login(alice)
    customer_response = client.get(url)
    client.force_login(engineer_en.user)
    engineer_response = client.get(url)
    # then
    assert customer_response.status_code == 404
    assert engineer_response.status_code == 200
    assert engineer_response["Content-Disposition"] == 'attachment; filename="creds.txt"'


def test_ticket_page_links_attachments_for_download(client, alice, alice_file):
    # given
    client.force_login(alice)
    # when
    response = client.get(reverse("portal:ticket", args=[alice_file.message.ticket_id]))
    # then
    assert reverse("portal:attachment", args=[alice_file.pk]).encode() in response.content
