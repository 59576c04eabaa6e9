"""Articles are searched with the request search engine (SQLite FTS5 here; PostgreSQL when
DATABASE_URL names one): stemmed per language, ranked, highlighted, visibility respected."""

from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.kb import selectors
from desk.kb.models import Audience
from desk.kb.tests.factories import article
from desk.kb.text_search import search_articles

pytestmark = pytest.mark.django_db


def titles(hits):
    return [hit.translation.title for hit in hits]


def marked(hit):
    return [f.text for f in hit.snippet if f.is_match]


def test_russian_plural_finds_the_singular_with_yo():
    # given a Russian article about "платёж" and another one
    article("Платёж не проходит", "Если платёж отклонён, проверьте ключи.", language="ru")
    article("Доставка", "Настройка способов доставки.", language="ru")
    # when a visitor searches for the plural, written with е
    hits = search_articles(
        query="платежи", viewer=None, within=selectors.readable_translations(None)
    )
    # then the payment article is found with the word highlighted as written
    assert titles(hits) == ["Платёж не проходит"]
    assert marked(hits[0])[0] == "Платёж"


def test_english_stems_and_best_first():
    article("Refunds", "How a refund is issued. A payment can be refunded once.")
    article("Payments failing", "Payments fail when the payment gateway keys are wrong.")
    article("Shipping zones", "Zones and rates.")
    hits = search_articles(
        query="payment", viewer=None, within=selectors.readable_translations(None)
    )
    assert titles(hits) == ["Payments failing", "Refunds"]


def test_drafts_are_never_found():
    article("Checkout draft", "checkout checkout", published=False)
    hits = search_articles(
        query="checkout", viewer=None, within=selectors.readable_translations(None)
    )
    assert hits == []


def test_customers_only_articles_are_hidden_from_visitors(alice):
    article("Licence keys", "Where to find your licence key.", audience=Audience.CUSTOMERS)
    article("Licence terms", "The licence allows one store.")
    visitor = search_articles(
        query="licence", viewer=None, within=selectors.readable_translations(None)
    )
    customer = search_articles(
        query="licence", viewer=alice, within=selectors.readable_translations(alice)
    )
    assert titles(visitor) == ["Licence terms"]
    assert sorted(titles(customer)) == ["Licence keys", "Licence terms"]


def test_customers_only_stays_hidden_even_if_within_allows_it():
    # the index itself refuses: a caller passing every article still gets public ones only
    article("Licence keys", "Where to find your licence key.", audience=Audience.CUSTOMERS)
    from desk.kb.models import ArticleTranslation

    hits = search_articles(query="licence", viewer=None, within=ArticleTranslation.objects.all())
    assert hits == []


def test_empty_query_is_a_coded_error():
    with pytest.raises(DeskError) as raised:
        search_articles(query="  ", viewer=None, within=selectors.readable_translations(None))
    assert raised.value.code == "search_query_empty"


def test_rebuild_restores_published_articles_only(capsys):
    from django.core.management import call_command

    from desk.search.models import SearchDocument

    article("Payments failing", "Check the keys.")
    article("Payment draft", "Soon.", published=False)
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", "--kind", "article")
    assert "article: 2 documents indexed" in capsys.readouterr().out
    hits = search_articles(
        query="payment", viewer=None, within=selectors.readable_translations(None)
    )
    assert titles(hits) == ["Payments failing"]


def test_any_word_ranks_articles_holding_more_words_first():
    article("Payment keys", "Set the payment gateway keys.")
    article("Shipping zones", "Zones for shipping.")
    article("Payment currency", "Enable the currency.")
    within = selectors.readable_translations(None)
    assert search_articles(query="payment gateway zones", viewer=None, within=within) == []
    hits = search_articles(query="payment gateway zones", viewer=None, within=within, any_word=True)
    assert titles(hits)[0] == "Payment keys"
    assert sorted(titles(hits)) == ["Payment currency", "Payment keys", "Shipping zones"]
