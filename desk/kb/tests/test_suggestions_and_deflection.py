"""The new-request form suggests articles as the subject is typed; what the customer did with
them (suggested, opened, answered) is counted once per article and browser session."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from desk.kb.models import Audience, DeflectionEvent
from desk.kb.tests.factories import article

pytestmark = pytest.mark.django_db
SUGGEST = reverse("portal:kb_suggest")


def counts():
    return sorted(DeflectionEvent.objects.values_list("kind", "translation__slug"))


@pytest.fixture
def articles():
    return (
        article("Payment fails", "Check the gateway keys.", slug="payment-fails"),
        article("Платёж не проходит", "Проверьте ключи.", language="ru", slug="platezh"),
        article(
            "Licence keys", "In your account.", slug="licence-keys", audience=Audience.CUSTOMERS
        ),
    )


def test_suggestions_match_the_subject_in_both_languages(client, alice, articles):
    client.force_login(alice)
    en = client.get(SUGGEST, {"subject": "payments failing"}).content.decode()
    ru = client.get(SUGGEST, {"subject": "платежи не идут"}).content.decode()
    assert 'data-article="payment-fails"' in en
    assert 'href="/kb/en/payment-fails/?from=request"' in en
    assert 'hx-post="/kb/answered/' in en
    assert 'data-article="platezh"' in ru
    assert "<mark>Платёж</mark>" in ru


def test_customers_only_articles_are_suggested_to_customers_only(client, alice, articles):
    assert "licence-keys" not in client.get(SUGGEST, {"subject": "licence keys"}).content.decode()
    client.force_login(alice)
    assert "licence-keys" in client.get(SUGGEST, {"subject": "licence keys"}).content.decode()


@pytest.mark.parametrize("subject", ["", "ab", "!!!", "x" * 500, "a b c d e f g h i j k l m n"])
def test_short_or_unsearchable_subjects_suggest_nothing(client, alice, articles, subject):
    client.force_login(alice)
    response = client.get(SUGGEST, {"subject": subject})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""
    assert counts() == []


def test_suggested_is_counted_once_per_session(client, alice, articles):
    client.force_login(alice)
    client.get(SUGGEST, {"subject": "payment"})
    client.get(SUGGEST, {"subject": "payment fail"})
    client.get(SUGGEST, {"subject": "payment failing"})
    assert counts() == [("suggested", "payment-fails")]


def test_another_session_counts_again(client, alice, articles):
    client.force_login(alice)
    client.get(SUGGEST, {"subject": "payment"})
    other = Client()
    other.force_login(alice)
    other.get(SUGGEST, {"subject": "payment"})
    assert DeflectionEvent.objects.filter(kind="suggested").count() == 2


def test_opened_and_answered_are_counted_once(client, alice, articles):
    en = articles[0]
    client.force_login(alice)
    url = reverse("portal:kb_article", args=["en", "payment-fails"])
    page = client.get(url, {"from": "request"}).content.decode()
    client.get(url, {"from": "request"})
    client.get(url)  # not from the form: not counted
    assert f'hx-post="/kb/answered/{en.pk}/"' in page
    first = client.post(reverse("portal:kb_answered", args=[en.pk]))
    second = client.post(reverse("portal:kb_answered", args=[en.pk]))
    assert first.status_code == second.status_code == 200
    assert "data-kb-answered" in first.content.decode()
    assert counts() == [("answered", "payment-fails"), ("opened", "payment-fails")]


def test_session_token_survives_sign_in(client, alice, articles):
    # a visitor is suggested nothing counted; after signing in the same session counts once
    client.get(SUGGEST, {"subject": "payment"})
    assert counts() == []
    client.force_login(alice)
    client.get(SUGGEST, {"subject": "payment"})
    client.get(SUGGEST, {"subject": "payment"})
    assert counts() == [("suggested", "payment-fails")]


def test_answered_refuses_visitors_drafts_and_get(client, alice, articles):
    draft = article("Draft", "x", slug="draft", published=False)
    url = reverse("portal:kb_answered", args=[articles[0].pk])
    assert client.post(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 405
    assert client.post(reverse("portal:kb_answered", args=[draft.pk])).status_code == 404
    assert client.post(reverse("portal:kb_answered", args=[999999])).status_code == 404
    assert counts() == []


def test_new_request_form_carries_the_suggestion_box(client, alice):
    from desk.stores import services as store_services

    store_services.add_store(customer=alice, url="https://shop.example")
    client.force_login(alice)
    html = client.get(reverse("portal:ticket_new")).content.decode()
    assert f'hx-get="{SUGGEST}"' in html
    assert 'hx-trigger="keyup changed delay:400ms from:#id_subject' in html
    assert 'hx-include="#id_subject"' in html
