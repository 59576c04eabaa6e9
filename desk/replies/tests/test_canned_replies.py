"""Canned replies: who sees which, what a request is offered, and refused texts."""

from __future__ import annotations

import pytest

from desk.accounts.models import Department
from desk.core.errors import DeskError
from desk.replies import services
from desk.replies.models import CannedReply, ReplyDraft
from desk.replies.selectors import canned_replies_for, draft_of


def _make(owner=None, *, title="T", language="en", department=None, body="Hi {customer_name}"):
    return services.create_canned_reply(
        owner=owner, title=title, body=body, language=language, department=department
    )


@pytest.fixture
def offers(engineer_en, engineer_ru):
    support = Department.objects.get(code="technical-support")
    service = Department.objects.get(code="customer-service")
    return {
        "shared_general": _make(title="shared general"),
        "shared_support": _make(title="shared support", department=support),
        "shared_service": _make(title="shared service", department=service),
        "shared_russian": _make(title="shared russian", language="ru"),
        "mine": _make(engineer_en, title="mine"),
        "theirs": _make(engineer_ru, title="theirs"),
    }


def test_a_request_is_offered_its_language_and_department_and_my_own(
    offers, engineer_en, alice_ticket
):
    # given an English request in Technical Support
    assert alice_ticket.department.code == "technical-support"
    # when
    offered = set(canned_replies_for(engineer_en, alice_ticket).values_list("title", flat=True))
    # then
    assert offered == {"shared general", "shared support", "mine"}


def test_another_engineers_personal_reply_cannot_be_inserted(offers, engineer_en, alice_ticket):
    # when
    with pytest.raises(DeskError) as refused:
        services.insert_canned_reply(
            engineer=engineer_en, ticket=alice_ticket, reply_id=offers["theirs"].pk, body="x"
        )
    # then
    assert refused.value.code == "canned_reply_not_found"
    assert not ReplyDraft.objects.exists()


def test_insert_fills_in_appends_and_keeps_a_draft(engineer_en, alice_ticket):
    # given
    reply = _make(body="Hi {customer_name}, {ticket_number} by {engineer_name} on {store_url}.")
    # when
    inserted = services.insert_canned_reply(
        engineer=engineer_en, ticket=alice_ticket, reply_id=reply.pk, body="Typed.  \n"
    )
    # then
    expected = (
        f"Typed.\n\nHi Alice Archer, {alice_ticket.reference} by Erin Engineer on "
        "alice-shop.example."
    )
    assert inserted.body == expected
    assert inserted.unfilled == ()
    assert draft_of(engineer_en, alice_ticket) == expected


def test_reply_due_is_shown_in_the_customers_zone_and_left_visible_without_one(
    engineer_en, alice_ticket
):
    # given alice (Europe/Berlin) owed a reply
    reply = _make(body="Before {reply_due}.")
    due = alice_ticket.reply_due_at
    assert due is not None
    # when
    with_due = services.insert_canned_reply(
        engineer=engineer_en, ticket=alice_ticket, reply_id=reply.pk, body=""
    )
    alice_ticket.reply_due_at = None
    without = services.insert_canned_reply(
        engineer=engineer_en, ticket=alice_ticket, reply_id=reply.pk, body=""
    )
    # then
    from desk.core.formatting import format_moment

    assert with_due.body == f"Before {format_moment(due, language='en', zone='Europe/Berlin')}."
    assert without.body == "Before {reply_due}."
    assert without.unfilled == ("reply_due",)


@pytest.mark.parametrize(
    ("title", "body", "language", "code"),
    [
        ("", "text", "en", "invalid_title"),
        ("x" * 121, "text", "en", "invalid_title"),
        ("T", "   ", "en", "invalid_body"),
        ("T", "Hi {nickname}", "en", "unknown_placeholder"),
        ("T", "text", "de", "invalid_language"),
    ],
)
def test_bad_canned_reply_is_refused_and_nothing_saved(engineer_en, title, body, language, code):
    # when
    with pytest.raises(DeskError) as refused:
        _make(engineer_en, title=title, body=body, language=language)
    # then
    assert refused.value.code == code
    assert not CannedReply.objects.exists()


def test_sending_a_reply_clears_the_draft_and_a_refused_one_keeps_it(engineer_en, alice_ticket):
    # given
    services.save_draft(engineer=engineer_en, ticket=alice_ticket, body="Half written")
    # when refused (empty body)
    with pytest.raises(DeskError):
        services.send_reply(ticket=alice_ticket, engineer=engineer_en, body="  ")
    # then
    assert draft_of(engineer_en, alice_ticket) == "Half written"
    # when sent
    services.send_reply(ticket=alice_ticket, engineer=engineer_en, body="Done")
    # then
    assert draft_of(engineer_en, alice_ticket) == ""
