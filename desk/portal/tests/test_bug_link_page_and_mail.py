"""A request linked to a product bug says one thing everywhere (issue 12): the page explains a
bug fixed in a release at no charge and offers no quote, and the customer gets one mail that
says the same, not a generic "resolved"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from desk.billing.models import QuoteStatus
from desk.core.errors import DeskError
from desk.outbox.models import OutboxMail
from desk.outbox.rendering import render_mail
from desk.tickets import quotes, services
from desk.tickets.models import Status
from desk.tickets.tests.conftest import (  # noqa: F401  # fixtures
    alice_store,
    alice_subscription,
    alice_ticket,
)

BUG = "https://issues.example/DESK-1042"

pytestmark = pytest.mark.usefixtures("media_root")


def customer_mails(ticket) -> list[OutboxMail]:
    return list(
        OutboxMail.objects.filter(recipient=ticket.customer)
        .exclude(template="ticket_opened")
        .order_by("id")
    )


def test_linking_a_bug_gives_one_matching_mail_and_a_coherent_page(
    client,
    alice,
    alice_ticket,  # noqa: F811
    engineer_en,
):
    # given Alice's open request
    before = {m.pk for m in customer_mails(alice_ticket)}
    # when an engineer links it to a bug
    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url=BUG)
    # then exactly one mail went out, the bug mail, in her language, naming the link
    mails = [m for m in customer_mails(alice_ticket) if m.pk not in before]
    assert [m.template for m in mails] == ["ticket_bug"]
    rendered = render_mail("ticket_bug", mails[0].language, mails[0].context)
    assert mails[0].language == "en"
    assert "bug in the product" in rendered.text
    assert BUG in rendered.text
    assert "fixed in a release" in rendered.text
    assert "resolved" not in rendered.text.lower()
    # and the page says the same, with no quote and no out-of-scope verdict
    client.force_login(alice)
    page = client.get(reverse("portal:ticket", args=[alice_ticket.pk])).content.decode()
    assert 'data-notice="bug"' in page
    assert "This problem is a bug in the product." in page
    assert "It will be fixed in a release of the software, at no charge" in page
    assert f'href="{BUG}"' in page
    assert "data-quote" not in page
    assert 'data-notice="out-of-scope"' not in page
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.NEW


def test_relinking_the_same_bug_sends_nothing(alice_ticket, engineer_en):  # noqa: F811
    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url=BUG)
    count = OutboxMail.objects.count()
    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url=BUG)
    assert OutboxMail.objects.count() == count


def test_a_bug_request_cannot_be_quoted_or_ruled_out_of_scope(alice_ticket, engineer_en):  # noqa: F811
    # given a request linked to a bug
    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url=BUG)
    count = OutboxMail.objects.count()
    # when an engineer tries to quote it or rule it out of scope
    with pytest.raises(DeskError) as quoted:
        quotes.offer_quote(
            ticket=alice_ticket,
            engineer=engineer_en,
            description="Fix the discount module",
            amount=Decimal("150.00"),
            reason="Custom development.",
        )
    with pytest.raises(DeskError) as ruled:
        services.rule_out_of_scope(ticket=alice_ticket, engineer=engineer_en, reason="No.")
    # then both are refused with the same code, and nothing was sent or changed
    assert quoted.value.code == ruled.value.code == "ticket_is_bug"
    alice_ticket.refresh_from_db()
    assert not alice_ticket.out_of_scope
    assert alice_ticket.status == Status.NEW
    assert OutboxMail.objects.count() == count


def test_linking_a_bug_withdraws_an_open_quote(client, alice, alice_ticket, engineer_en):  # noqa: F811
    # given a request quoted as out of scope
    quote = quotes.offer_quote(
        ticket=alice_ticket,
        engineer=engineer_en,
        description="Rewrite the discount module",
        amount=Decimal("150.00"),
        reason="Custom development.",
    )
    before = {m.pk for m in customer_mails(alice_ticket)}
    # when the engineer finds it is a product bug after all
    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url=BUG)
    # then the quote is withdrawn, one bug mail is sent, and the page offers nothing to pay
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.WITHDRAWN
    mails = [m for m in customer_mails(alice_ticket) if m.pk not in before]
    assert [m.template for m in mails] == ["ticket_bug"]
    client.force_login(alice)
    page = client.get(reverse("portal:ticket", args=[alice_ticket.pk])).content.decode()
    assert reverse("portal:quote_accept", args=[quote.pk]) not in page
    assert "This problem is a bug in the product." in page
    assert 'data-notice="out-of-scope"' not in page


def test_resolving_a_bug_request_later_says_bug_not_a_generic_resolved(alice_ticket, engineer_en):  # noqa: F811
    services.link_bug(ticket=alice_ticket, engineer=engineer_en, url=BUG)
    services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.RESOLVED)
    mail = OutboxMail.objects.filter(template="ticket_status").latest("id")
    rendered = render_mail("ticket_status", "ru", mail.context)
    assert "ошибка в продукте" in rendered.text
    assert BUG in rendered.text
