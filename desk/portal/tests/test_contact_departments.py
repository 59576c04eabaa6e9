"""Writing to Customer Service and Sales without an entitlement (issue 12 points 7 and 8): the
contact page lists each department's published phone lines as `tel:` links, and the contact
form takes messages from customers and visitors; visitors follow their request by a signed
link mailed to them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.accounts.models import Department
from desk.entitlements.models import CreditEntry, UsageRecord
from desk.outbox.models import OutboxMail
from desk.tickets import services, visitor_links
from desk.tickets.models import Attachment, EntitlementKind, Message, Ticket
from desk.tickets.tests.builders import upload

SALES_LINES = (
    '<a href="tel:+18006577957" class="phone">1-800-657-7957</a>',
    '<a href="tel:+448000488862" class="phone">44-800-048-8862</a>',
    '<a href="tel:+74996088900" class="phone">+7 (499) 608-8900</a>',
)


def _visitor_data(**changes: str) -> dict[str, str]:
    return {
        "name": "Bea Buyer",
        "email": "buyer@example.net",
        "department": "sales",
        "subject": "Ten licences",
        "body": "Is there a volume discount?",
        **changes,
    }


def _forged(token: str) -> str:
    """The token with one character of its signature changed. Not the last one: of the last
    base64 character of the digest only four bits are used, so "A" and "B" there decode to the
    same signature (a genuine link)."""
    i = len(token) - 5
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]


def _visitor_token() -> str:
    mail = OutboxMail.objects.get(template="ticket_opened")
    return str(mail.context["ticket_url"]).rstrip("/").rsplit("/", 1)[1]


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ("US toll-free", "UK toll-free", "International")),
        ("ru", ("США, бесплатно", "Великобритания, бесплатно", "Международный")),
    ],
)
def test_contact_page_shows_the_published_lines_as_tel_links(client, db, language, labels):
    # given a visitor reading in `language`
    client.cookies["desk_language"] = language
    # when
    content = client.get(reverse("portal:contact")).content.decode()
    # then Customer Service and Sales show the three lines, with their labels, as tel: links
    for line in SALES_LINES:
        assert content.count(line) == 2
    for label in labels:
        assert content.count(f"<dt>{label}</dt>") == 2
    # and the placeholder is gone everywhere
    assert "000-00-00" not in content
    assert "tel:+74950000000" not in content
    # and both departments offer the contact form
    assert f'href="{reverse("portal:contact_write")}?department=sales"' in content


def test_technical_support_has_no_phone(client, db):
    content = client.get(reverse("portal:contact")).content.decode()
    support = content.split('id="department-1"', 1)[1].split("</section>", 1)[0]
    assert "Technical Support" in support
    assert "tel:" not in support
    assert "No phone: write through the HelpDesk." in support


def test_a_visitor_writes_to_sales_and_follows_the_request(client, db):
    # when a visitor with no account sends the contact form
    response = client.post(reverse("portal:contact_write"), _visitor_data())
    # then the page says a link went to their address, and a Sales request exists
    assert response.status_code == 200
    assert "buyer@example.net" in response.content.decode()
    ticket = Ticket.objects.get()
    assert (ticket.department.code, ticket.entitlement_kind) == ("sales", EntitlementKind.NONE)
    # when they follow the mailed link
    url = reverse("portal:visitor_request", args=[_visitor_token()])
    page = client.get(url)
    # then they see their request and may reply
    assert page.status_code == 200
    assert "Is there a volume discount?" in page.content.decode()
    # and they are told Sales' own promise, not the support contract's
    assert "First reply within 4 working hours" in page.content.decode()
    answer = client.post(url, {"body": "We are a team of twelve."})
    assert answer.status_code == 302
    assert Message.objects.filter(ticket=ticket).count() == 2


def test_a_visitor_link_that_was_tampered_with_is_refused_clearly(client, db):
    # given a genuine link
    client.post(reverse("portal:contact_write"), _visitor_data())
    token = _visitor_token()
    # when one character is changed
    forged = _forged(token)
    response = client.get(reverse("portal:visitor_request", args=[forged]))
    # then a translated page says so, not a server error
    assert response.status_code == 404
    assert 'data-error-code="visitor_link_invalid"' in response.content.decode()
    client.cookies["desk_language"] = "ru"
    russian = client.get(reverse("portal:visitor_request", args=[forged])).content.decode()
    assert "Эта ссылка на обращение недействительна" in russian


def test_an_expired_visitor_link_is_refused_clearly(client, db, clock, settings):
    # given a link mailed more than DESK_VISITOR_LINK_DAYS ago
    client.post(reverse("portal:contact_write"), _visitor_data())
    token = _visitor_token()
    clock.advance(days=settings.DESK_VISITOR_LINK_DAYS + 1)
    # when it is followed, and a reply is posted through it
    response = client.get(reverse("portal:visitor_request", args=[token]))
    reply = client.post(reverse("portal:visitor_request", args=[token]), {"body": "Hello?"})
    # then both are refused with the reason, and nothing is added
    assert response.status_code == 410
    assert 'data-error-code="visitor_link_expired"' in response.content.decode()
    assert reply.status_code == 410
    assert Message.objects.count() == 1


def test_a_link_signed_for_another_purpose_is_no_visitor_link(client, alice):
    # given a request of Alice's and a token signed over it with another salt
    from django.core import signing

    ticket = services.open_department_request(
        customer=alice,
        department=Department.objects.get(code="sales"),
        subject="Pricing",
        body="Question.",
        language="en",
    )
    other = signing.dumps({"t": ticket.pk, "c": alice.pk}, salt="desk.satisfaction.vote")
    # when it is used as a follow-up link
    response = client.get(reverse("portal:visitor_request", args=[other]))
    # then it is refused
    assert response.status_code == 404
    assert visitor_links.make_token(ticket) != other


def test_a_customer_without_entitlement_writes_to_customer_service(client, alice, password):
    # given Alice, signed in, who bought nothing
    client.login(email=alice.email, password=password)
    before = (CreditEntry.objects.count(), UsageRecord.objects.count())
    # when she writes to Customer Service
    form = client.get(reverse("portal:contact_write")).content.decode()
    response = client.post(
        reverse("portal:contact_write"),
        {"department": "customer-service", "subject": "Invoice", "body": "VAT number, please."},
    )
    # then her request opens in her account (no name or email asked), spending nothing
    assert 'name="email"' not in form
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:ticket", args=[ticket.pk])
    assert (ticket.customer, ticket.department.code) == (alice, "customer-service")
    assert (CreditEntry.objects.count(), UsageRecord.objects.count()) == before
    page = client.get(response["Location"]).content.decode()
    assert "No entitlement needed (department request)" in page
    assert "First reply within 1 business day" in page


def test_the_request_page_tells_the_departments_own_reply_time(client, alice, password):
    # given Alice's Sales request, read in Russian
    alice.language = "ru"
    alice.save(update_fields=["language"])
    client.login(email=alice.email, password=password)
    client.post(
        reverse("portal:contact_write"),
        {"department": "sales", "subject": "Licences", "body": "Ten of them?"},
    )
    ticket = Ticket.objects.get()
    # when she opens it
    page = client.get(reverse("portal:ticket", args=[ticket.pk])).content.decode()
    # then the promise is Sales' (4 working hours), never the support contract's business day
    assert "Первый ответ в течение 4 рабочих часов" in page
    assert "1 рабочего дня" not in page  # the contract's promise


def test_the_new_request_page_points_to_the_contact_form(client, alice, password):
    client.login(email=alice.email, password=password)
    content = client.get(reverse("portal:ticket_new")).content.decode()
    assert f'<a href="{reverse("portal:contact_write")}">write to Sales' in content


def test_technical_support_is_no_choice_on_the_contact_form(client, db):
    response = client.post(
        reverse("portal:contact_write"), _visitor_data(department="technical-support")
    )
    assert response.status_code == 400
    assert Ticket.objects.count() == 0


def test_the_contact_form_is_throttled(client, db, settings):
    # given the free submissions of a public form are used up
    settings.DESK_PUBLIC_FORM_FREE = 1
    settings.DESK_PUBLIC_FORM_LOCK = 2
    answers = [
        client.post(reverse("portal:contact_write"), _visitor_data(subject=f"Try {k}")).status_code
        for k in range(4)
    ]
    # then later ones wait, with Retry-After
    assert answers[0] == 200
    assert 429 in answers
    assert Ticket.objects.count() < 4


def test_the_contact_form_needs_the_csrf_token(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("portal:contact_write"), _visitor_data())
    assert response.status_code == 403
    assert Ticket.objects.count() == 0


def test_the_contact_form_in_russian(client, db):
    client.cookies["desk_language"] = "ru"
    content = client.get(reverse("portal:contact_write")).content.decode()
    assert "Написать в отдел продаж или службу клиентов" in content
    assert "Отдел продаж" in content


def test_a_link_from_a_visitor_is_only_for_department_requests(alice_ticket_like, client):
    # A request on an entitlement never has a visitor link, even with a genuine signature.
    response = client.get(
        reverse("portal:visitor_request", args=[visitor_links.make_token(alice_ticket_like)])
    )
    assert response.status_code == 404


@pytest.fixture
def alice_ticket_like(alice):
    """A contract request of Alice's (a Normal incident credit)."""
    from desk.stores import services as store_services
    from desk.tickets.tests.builders import open_request, pay_order

    store = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "incident-normal")
    return open_request(alice, store, credit_priority="normal")


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def _visitor_with_request(client, department: str = "customer-service") -> tuple[Ticket, str]:
    client.post(reverse("portal:contact_write"), _visitor_data(department=department))
    return Ticket.objects.get(), _visitor_token()


@pytest.mark.usefixtures("media_root")
def test_a_visitor_sends_files_and_reads_the_engineers_files(client, db, engineer_en):
    # given a visitor's Customer Service request
    ticket, token = _visitor_with_request(client)
    url = reverse("portal:visitor_request", args=[token])
    # when they reply with a log and a screenshot on the follow-up page
    answer = client.post(
        url,
        {
            "body": "Here is the log.",
            "attachments": [upload("error.log", b"trace"), upload("shot.png", PNG)],
        },
    )
    # then both files are kept on their message
    assert answer.status_code == 302
    message = Message.objects.filter(ticket=ticket).order_by("id").last()
    assert message is not None
    assert message.body == "Here is the log."
    names = sorted(message.attachments.values_list("original_name", flat=True))
    assert names == ["error.log", "shot.png"]
    # and an engineer's reply with a file, and an internal note with one
    services.reply(
        ticket=ticket,
        engineer=engineer_en,
        body="Fixed, see the invoice.",
        attachments=[upload("invoice.txt", b"INV-1")],
    )
    services.add_note(
        ticket=ticket,
        engineer=engineer_en,
        body="Internal.",
        attachments=[upload("secret.txt", b"internal")],
    )
    page = client.get(url).content.decode()
    # then the page links the visitor's and the engineer's files through the link, not the note's
    files = {a.original_name: a for a in Attachment.objects.filter(message__ticket=ticket)}
    for name in ("error.log", "shot.png", "invoice.txt"):
        link = reverse("portal:visitor_attachment", args=[token, files[name].pk])
        assert f'href="{link}" download' in page
    assert "secret.txt" not in page
    # and the engineer's file downloads as a file, never rendered
    download = client.get(
        reverse("portal:visitor_attachment", args=[token, files["invoice.txt"].pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"INV-1"
    assert download["Content-Type"] == "application/octet-stream"
    assert download["X-Content-Type-Options"] == "nosniff"
    # and the screenshot previews inline as the image it is
    preview = client.get(
        reverse("portal:visitor_attachment_preview", args=[token, files["shot.png"].pk])
    )
    assert (preview.status_code, preview["Content-Type"]) == (200, "image/png")
    # and the note's file is a 404 through the link, as is a preview of a non-image
    note_file = reverse("portal:visitor_attachment", args=[token, files["secret.txt"].pk])
    assert client.get(note_file).status_code == 404
    log_preview = reverse("portal:visitor_attachment_preview", args=[token, files["error.log"].pk])
    assert client.get(log_preview).status_code == 404


@pytest.mark.usefixtures("media_root")
def test_a_visitor_link_opens_no_file_of_another_request(client, db, clock, settings):
    # given two visitors' requests, the second with a file
    first, first_token = _visitor_with_request(client)
    OutboxMail.objects.all().delete()
    client.post(
        reverse("portal:contact_write"),
        _visitor_data(email="other@example.net", subject="Mine", department="sales"),
    )
    second = Ticket.objects.exclude(pk=first.pk).get()
    second_token = _visitor_token()
    client.post(
        reverse("portal:visitor_request", args=[second_token]),
        {"body": "Private file.", "attachments": [upload("private.txt", b"theirs")]},
    )
    theirs = Attachment.objects.get(message__ticket=second)
    # when the first visitor's link asks for it, or a forged link does
    own_link = reverse("portal:visitor_attachment", args=[first_token, theirs.pk])
    forged = reverse("portal:visitor_attachment", args=[_forged(second_token), theirs.pk])
    # then both are the same 404, and the file's owner still gets it
    assert client.get(own_link).status_code == 404
    assert client.get(forged).status_code == 404
    assert (
        client.get(reverse("portal:visitor_attachment", args=[second_token, theirs.pk])).status_code
        == 200
    )
    # and once the link has expired, not even the owner's link opens it
    clock.advance(days=settings.DESK_VISITOR_LINK_DAYS + 1)
    assert (
        client.get(reverse("portal:visitor_attachment", args=[second_token, theirs.pk])).status_code
        == 404
    )


@pytest.mark.usefixtures("media_root")
def test_a_visitor_reply_with_a_file_too_large_keeps_the_text_and_stores_nothing(
    client, db, settings
):
    # given a visitor's request and a limit of 10 bytes a file
    settings.DESK_ATTACHMENT_MAX_BYTES = 10
    ticket, token = _visitor_with_request(client)
    url = reverse("portal:visitor_request", args=[token])
    # when they send a longer file
    answer = client.post(
        url, {"body": "Please look.", "attachments": [upload("big.log", b"x" * 11)]}
    )
    # then the page says which file and why (413, as the service refuses it), keeps what they
    # wrote, and adds nothing
    assert answer.status_code == 413
    content = answer.content.decode()
    assert "big.log" in content
    assert "Please look.</textarea>" in content
    assert Message.objects.filter(ticket=ticket).count() == 1
    assert not Attachment.objects.exists()
