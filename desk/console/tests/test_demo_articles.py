"""The demo desk has a small knowledge base in both languages, searchable like real articles."""

from __future__ import annotations

import pytest

from desk.console import demo
from desk.kb import selectors
from desk.kb.models import ArticleTranslation
from desk.kb.text_search import search_articles

pytestmark = pytest.mark.django_db


def test_demo_articles_are_published_in_both_languages_and_found():
    demo.load_demo()
    published = ArticleTranslation.objects.filter(status="published")
    assert published.filter(language="en").count() == 4
    assert published.filter(language="ru").count() == 4
    assert ArticleTranslation.objects.filter(status="draft").count() == 1
    hits = search_articles(
        query="платежи", viewer=None, within=selectors.readable_translations(None)
    )
    assert [hit.translation.slug for hit in hits] == ["platezh-ne-prokhodit"]
    visitor = [t.slug for t in selectors.readable_translations(None).filter(language="en")]
    assert "where-is-my-licence-key" not in visitor
