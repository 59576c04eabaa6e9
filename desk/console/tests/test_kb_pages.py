"""Engineers write articles in the console (with preview), draft one from a reply in one step,
and read the deflection report (table and CSV)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from desk.entitlements.tests.factories import paid_order
from desk.kb import services as kb_services
from desk.kb.models import ArticleTranslation, DeflectionEvent, DeflectionKind
from desk.kb.tests.factories import article
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.scope import Category

pytestmark = pytest.mark.usefixtures("media_root")
NEW = reverse("console:kb_new")


def fields(**changes):
    data = {
        "language": "en",
        "title": "Clear the cache",
        "slug": "",
        "description": "When pages show old prices.",
        "body": "Run **cache:clear**.",
        "category": "",
        "audience": "public",
        "status": "published",
    }
    data.update(changes)
    return data


@pytest.fixture
def alice_ticket(alice):
    store = store_services.add_store(customer=alice, url="https://alice-shop.example")
    paid_order(alice, "subscription-1m", store=store)
    return services.open_ticket(
        customer=alice,
        store=store,
        subject="Prices wrong at alice-shop.example",
        body="My prices are old.",
        category=Category.PHP_MYSQL,
        language="en",
    )


def test_engineer_creates_and_publishes_an_article(client, engineer_en):
    client.force_login(engineer_en.user)
    response = client.post(NEW, fields())
    created = ArticleTranslation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("console:kb_edit", args=[created.pk])
    assert (created.slug, created.status, created.language) == (
        "clear-the-cache",
        "published",
        "en",
    )
    assert client.get("/kb/en/clear-the-cache/").status_code == 200


def test_preview_renders_and_saves_nothing(client, engineer_en):
    client.force_login(engineer_en.user)
    response = client.post(NEW, {**fields(body="Hi <script>x()</script> **b**"), "preview": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-kb-preview" in html
    assert "<strong>b</strong>" in html
    assert "<script>x()</script>" not in html
    assert ArticleTranslation.objects.count() == 0


def test_taken_address_is_a_coded_error_and_nothing_changes(client, engineer_en):
    article("Old", "Text.", slug="clear-the-cache")
    client.force_login(engineer_en.user)
    response = client.post(NEW, fields(slug="clear-the-cache"))
    assert response.status_code == 400
    assert 'data-error-code="kb_slug_taken"' in response.content.decode()
    assert ArticleTranslation.objects.count() == 1


def test_bad_address_is_refused(client, engineer_en):
    client.force_login(engineer_en.user)
    response = client.post(NEW, fields(slug="Bad Address!"))
    assert response.status_code == 400
    assert 'data-error-code="kb_slug_invalid"' in response.content.decode()
    assert ArticleTranslation.objects.count() == 0


def test_edit_unpublishes_and_the_article_leaves_the_site(client, engineer_en):
    item = article("Clear the cache", "Run it.", slug="clear-the-cache")
    client.force_login(engineer_en.user)
    response = client.post(
        reverse("console:kb_edit", args=[item.pk]), fields(slug="clear-the-cache", status="draft")
    )
    assert response.status_code == 302
    assert client.get("/kb/en/clear-the-cache/").status_code == 404


def test_russian_version_gets_a_latin_address(client, engineer_en):
    item = article("Clear the cache", "Run it.", slug="clear-the-cache")
    client.force_login(engineer_en.user)
    response = client.post(
        reverse("console:kb_translate", args=[item.pk]),
        fields(title="Очистка кэша", body="Выполните очистку.", language="en"),
    )
    russian = ArticleTranslation.objects.get(language="ru")
    assert response.status_code == 302
    assert (russian.slug, russian.article_id) == ("ochistka-kesha", item.article_id)


def test_customers_never_reach_the_console_articles(client, alice):
    client.force_login(alice)
    assert client.get(reverse("console:kb")).status_code == 404
    assert client.post(NEW, fields()).status_code == 404
    assert ArticleTranslation.objects.count() == 0


def test_reply_becomes_a_draft_without_customer_data(client, engineer_en, alice_ticket):
    # given an engineer's reply naming the customer, her address, store and phone
    reply = services.reply(
        ticket=alice_ticket,
        engineer=engineer_en,
        body=(
            "Hello Alice Archer, clear the cache at https://alice-shop.example/admin "
            "or write to alice@example.com; call +1 800 657 7957."
        ),
    )
    client.force_login(engineer_en.user)
    page = client.get(reverse("console:ticket", args=[alice_ticket.pk])).content.decode()
    url = reverse("console:kb_from_message", args=[alice_ticket.pk, reply.pk])
    assert f'action="{url}"' in page
    # when they turn it into an article
    response = client.post(url)
    # then a customers-only draft opens for editing, with the customer data replaced
    draft = ArticleTranslation.objects.get()
    assert response.url == reverse("console:kb_edit", args=[draft.pk])
    assert draft.status == "draft"
    assert draft.article.audience == "customers"
    assert draft.article.source_message_id == reply.pk
    assert draft.title == "Prices wrong at [customer]"
    assert draft.body == (
        "Hello [customer], clear the cache at [link] or write to [email]; call [phone]."
    )
    assert client.get(response.url).status_code == 200


def test_only_replies_become_drafts(client, engineer_en, alice_ticket, bob):
    note = services.add_note(ticket=alice_ticket, engineer=engineer_en, body="Internal.")
    customer_message = alice_ticket.messages.order_by("id").first()
    client.force_login(engineer_en.user)
    for message in (note, customer_message):
        url = reverse("console:kb_from_message", args=[alice_ticket.pk, message.pk])
        assert client.post(url).status_code == 404
    client.force_login(bob)
    reply = services.reply(ticket=alice_ticket, engineer=engineer_en, body="Try this.")
    url = reverse("console:kb_from_message", args=[alice_ticket.pk, reply.pk])
    assert client.post(url).status_code == 404
    assert ArticleTranslation.objects.count() == 0


def test_deflection_report_table_and_csv(client, engineer_en, alice):
    item = article("=Clear the cache", "Run it.", slug="clear-the-cache")
    for token in ("s1", "s2"):
        kb_services.record_deflection(
            kind=DeflectionKind.SUGGESTED, translation=item, session_token=token, user=alice
        )
    kb_services.record_deflection(
        kind=DeflectionKind.ANSWERED, translation=item, session_token="s1", user=alice
    )
    assert DeflectionEvent.objects.count() == 3
    client.force_login(engineer_en.user)
    url = reverse("console:deflection_report")
    html = client.get(url).content.decode()
    assert '<tr data-row="en/clear-the-cache">' in html
    assert "<td>2</td><td>0</td><td>1</td>" in html
    response = client.get(url, {"format": "csv", "days": "7"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="deflection-7d.csv"'
    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8 from the BOM
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["language", "slug", "title", "suggested", "opened", "answered"],
        ["en", "clear-the-cache", "'=Clear the cache", "2", "0", "1"],
    ]
