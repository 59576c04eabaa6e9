"""The reply's desk on the console request page: canned-reply picker, personal canned replies,
drafts that survive a reload, and the warning that someone else is on the request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.accounts.models import User
from desk.replies import services as reply_services
from desk.replies.models import CannedReply, ReplyDraft
from desk.replies.selectors import draft_of
from desk.tickets import services as ticket_services
from desk.tickets.models import Message, MessageKind

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def erin(client, engineer_en):
    client.force_login(engineer_en.user)
    return client


def _canned(owner=None, **fields):
    values = {"title": "Hello", "body": "Hi {customer_name}", "language": "en", "department": None}
    return reply_services.create_canned_reply(owner=owner, **{**values, **fields})


def test_picker_offers_matching_replies_only(erin, engineer_en, engineer_ru, alice_ticket):
    # given
    _canned(title="Shared EN")
    _canned(title="Shared RU", language="ru")
    _canned(engineer_en, title="Erin's own")
    _canned(engineer_ru, title="Roman's own")
    # when
    page = erin.get(reverse("console:ticket", args=[alice_ticket.pk]))
    # then
    offered = [reply.title for reply in page.context["canned_replies"]]
    assert offered == ["Erin's own", "Shared EN"]
    assert b"Roman&#x27;s own" not in page.content
    assert b"Shared RU" not in page.content


def test_insert_answers_the_field_with_the_escaped_rendered_text(erin, alice, alice_ticket):
    # given a customer whose name is markup
    User.objects.filter(pk=alice.pk).update(full_name="<b>Alice</b>")
    reply = _canned(body="Hi {customer_name}, about {ticket_number}.")
    # when
    answer = erin.post(
        reverse("console:ticket_canned_insert", args=[alice_ticket.pk]),
        {"canned": reply.pk, "body": "Typed"},
        HTTP_HX_REQUEST="true",
    )
    # then
    assert answer.status_code == 200
    html = answer.content.decode()
    assert f"Typed\n\nHi &lt;b&gt;Alice&lt;/b&gt;, about {alice_ticket.reference}." in html
    assert "<b>Alice</b>" not in html
    assert 'id="reply_body"' in html
    assert "data-unfilled" not in html


def test_unknown_placeholder_is_left_visible_and_flagged(erin, alice_ticket):
    # given a reply stored before its placeholder was retired (services would refuse it now)
    reply = CannedReply.objects.create(title="Old", body="Hi {nickname}", language="en")
    # when
    answer = erin.post(
        reverse("console:ticket_canned_insert", args=[alice_ticket.pk]),
        {"canned": reply.pk, "body": ""},
    )
    # then
    assert answer.status_code == 200
    assert 'data-unfilled="{nickname}"' in answer.content.decode()
    assert "\nHi {nickname}</textarea>" in answer.content.decode()


def test_another_engineers_personal_reply_is_refused(erin, engineer_ru, alice_ticket):
    # given
    theirs = _canned(engineer_ru, title="Roman's own", body="secret {customer_name}")
    # when
    answer = erin.post(
        reverse("console:ticket_canned_insert", args=[alice_ticket.pk]),
        {"canned": theirs.pk, "body": "Kept"},
    )
    # then
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "data-pick-error" in html
    assert "secret" not in html
    assert "\nKept</textarea>" in html
    assert not ReplyDraft.objects.exists()


def test_engineer_manages_personal_replies_but_not_anothers(erin, engineer_en, engineer_ru):
    # when created
    created = erin.post(
        reverse("console:canned_replies"),
        {"title": "Mine", "body": "Hi {customer_name}", "language": "en", "department": ""},
    )
    # then
    assert created.status_code == 302
    mine = CannedReply.objects.get(owner=engineer_en)
    assert (mine.title, mine.department) == ("Mine", None)
    # when edited
    erin.post(
        reverse("console:canned_reply_edit", args=[mine.pk]),
        {"title": "Mine 2", "body": "Bye", "language": "ru", "department": "technical-support"},
    )
    mine.refresh_from_db()
    assert mine.department is not None
    assert (mine.title, mine.body, mine.language, mine.department.code) == (
        "Mine 2",
        "Bye",
        "ru",
        "technical-support",
    )
    # when touching another engineer's or a shared reply
    theirs = _canned(engineer_ru, title="Theirs")
    shared = _canned(title="Shared")
    for reply in (theirs, shared):
        assert erin.get(reverse("console:canned_reply_edit", args=[reply.pk])).status_code == 404
        delete = reverse("console:canned_reply_delete", args=[reply.pk])
        assert erin.post(delete).status_code == 404
    page = erin.get(reverse("console:canned_replies"))
    # then
    assert CannedReply.objects.filter(pk__in=[theirs.pk, shared.pk]).count() == 2
    assert b"Theirs" not in page.content
    erin.post(reverse("console:canned_reply_delete", args=[mine.pk]))
    assert not CannedReply.objects.filter(pk=mine.pk).exists()


def test_unknown_placeholder_is_refused_in_the_form(erin):
    # when
    answer = erin.post(
        reverse("console:canned_replies"),
        {"title": "Mine", "body": "Hi {nick}", "language": "en", "department": ""},
    )
    # then
    assert answer.status_code == 400
    assert "{nick}" in answer.context["form"].errors["body"][0]
    assert not CannedReply.objects.exists()


def test_customers_and_visitors_get_404(client, alice, alice_ticket):
    urls = [
        reverse("console:canned_replies"),
        reverse("console:ticket_draft", args=[alice_ticket.pk]),
        reverse("console:ticket_presence", args=[alice_ticket.pk]),
    ]
    for url in urls:
        assert client.post(url, {"body": "x"}).status_code == 404
    client.force_login(alice)
    for url in urls:
        assert client.post(url, {"body": "x"}).status_code == 404
    assert not ReplyDraft.objects.exists()


def test_draft_survives_reload_and_goes_on_send(erin, engineer_en, alice_ticket):
    # given a draft typed (htmx posts it a second after typing stops)
    saved = erin.post(
        reverse("console:ticket_draft", args=[alice_ticket.pk]), {"body": "Half a <reply>"}
    )
    assert saved.status_code == 200
    assert b'data-draft="saved"' in saved.content
    # when the page is opened again
    page = erin.get(reverse("console:ticket", args=[alice_ticket.pk]))
    # then
    assert "Half a &lt;reply&gt;</textarea>" in page.content.decode()
    # when the reply is sent
    sent = erin.post(
        reverse("console:ticket_reply", args=[alice_ticket.pk]), {"body": "Full reply"}
    )
    # then
    assert sent.status_code == 302
    assert draft_of(engineer_en, alice_ticket) == ""


def test_a_draft_is_personal_and_a_refused_send_keeps_it(
    erin, client, engineer_en, engineer_ru, alice_ticket
):
    # given
    reply_services.save_draft(engineer=engineer_ru, ticket=alice_ticket, body="Roman's words")
    reply_services.save_draft(engineer=engineer_en, ticket=alice_ticket, body="Erin's words")
    # when Erin's send is refused (empty text)
    refused = erin.post(reverse("console:ticket_reply", args=[alice_ticket.pk]), {"body": ""})
    page = erin.get(reverse("console:ticket", args=[alice_ticket.pk]))
    # then
    assert refused.status_code == 400
    assert "Erin&#x27;s words</textarea>" in page.content.decode()
    assert "Roman" not in page.content.decode().split('id="reply_body"')[1].split("</textarea>")[0]
    assert draft_of(engineer_ru, alice_ticket) == "Roman's words"


def test_draft_too_long_is_refused(erin, engineer_en, alice_ticket):
    # when
    answer = erin.post(
        reverse("console:ticket_draft", args=[alice_ticket.pk]), {"body": "x" * 50_001}
    )
    # then
    assert answer.status_code == 400
    assert b'data-draft="refused"' in answer.content
    assert draft_of(engineer_en, alice_ticket) == ""


def test_colleague_typing_is_shown_and_expires(
    erin, client, clock, engineer_en, engineer_ru, alice_ticket
):
    # given Roman has the request open and types a reply
    roman = client.__class__()
    roman.force_login(engineer_ru.user)
    roman.get(reverse("console:ticket", args=[alice_ticket.pk]))
    roman.post(reverse("console:ticket_draft", args=[alice_ticket.pk]), {"body": "Я отвечу"})
    presence = reverse("console:ticket_presence", args=[alice_ticket.pk])
    # when Erin's page polls
    answer = erin.post(presence)
    # then
    assert b'data-colleague="typing"' in answer.content
    assert "Роман Инженеров".encode() in answer.content
    # and Roman does not see himself, but sees Erin viewing
    own = roman.post(presence)
    assert b'data-colleague="viewing"' in own.content
    assert "Роман".encode() not in own.content
    # when Roman's tab is closed for a minute
    clock.advance(minutes=1)
    later = erin.post(presence)
    # then
    assert b"data-colleague" not in later.content


def test_new_message_since_opening_is_flagged(erin, alice, alice_ticket):
    # given the page was opened after the first message
    page = erin.get(reverse("console:ticket", args=[alice_ticket.pk]))
    seen = page.context["last_message_id"]
    presence = reverse("console:ticket_presence", args=[alice_ticket.pk])
    assert b"data-new-messages" not in erin.post(f"{presence}?seen={seen}").content
    # when the customer writes again
    ticket_services.add_customer_message(ticket=alice_ticket, author=alice, body="Any news?")
    # then
    answer = erin.post(f"{presence}?seen={seen}")
    assert b'data-new-messages="1"' in answer.content
    assert Message.objects.filter(ticket=alice_ticket, kind=MessageKind.CUSTOMER).count() == 2
    # and a mangled `seen` answers, not 500
    assert erin.post(f"{presence}?seen=abc").status_code == 200
    assert erin.post(f"{presence}?seen={'9' * 40}").status_code == 200


@pytest.mark.parametrize("canned", ["99999999999999999999", "abc", "-1", ""])
def test_a_bad_canned_id_is_refused_with_a_message(erin, alice_ticket, canned):
    # when
    answer = erin.post(
        reverse("console:ticket_canned_insert", args=[alice_ticket.pk]),
        {"canned": canned, "body": "Kept"},
    )
    # then
    assert answer.status_code == 400
    assert b"data-pick-error" in answer.content
    assert not ReplyDraft.objects.exists()


def test_a_nul_character_in_a_draft_is_dropped(erin, engineer_en, alice_ticket):
    # when
    answer = erin.post(reverse("console:ticket_draft", args=[alice_ticket.pk]), {"body": "a\x00b"})
    # then
    assert answer.status_code == 200
    assert draft_of(engineer_en, alice_ticket) == "ab"
