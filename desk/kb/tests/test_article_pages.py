"""Article pages: who may read what, in which language, with canonical and hreflang links."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.kb.models import Audience
from desk.kb.tests.factories import article, category, translation_of

pytestmark = pytest.mark.django_db
SITE = "http://testserver.example"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def pair():
    payments = category()
    en = article(
        "Payment fails",
        "Check the **keys**.\n\n<script>alert(1)</script>",
        slug="payment-fails",
        description="Why a card payment is declined.",
        category_id=payments.pk,
    )
    ru = translation_of(en, "Платёж не проходит", "Проверьте ключи.", slug="platezh-ne-prokhodit")
    return en, ru


def test_public_article_has_canonical_hreflang_and_description(client, pair):
    response = client.get(reverse("portal:kb_article", args=["en", "payment-fails"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<link rel="canonical" href="{SITE}/kb/en/payment-fails/">' in html
    assert f'<link rel="alternate" hreflang="en" href="{SITE}/kb/en/payment-fails/">' in html
    assert f'<link rel="alternate" hreflang="ru" href="{SITE}/kb/ru/platezh-ne-prokhodit/">' in html
    assert '<meta name="description" content="Why a card payment is declined.">' in html
    assert "<strong>keys</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'name="robots"' not in html


def test_russian_version_is_rendered_in_russian(client, pair):
    response = client.get(reverse("portal:kb_article", args=["ru", "platezh-ne-prokhodit"]))
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "База знаний" in html
    assert "Read in English" in html


def test_customers_only_article_is_404_for_visitors_and_noindex_for_customers(client, alice):
    article("Licence keys", "Where to find it.", slug="licence-keys", audience=Audience.CUSTOMERS)
    url = reverse("portal:kb_article", args=["en", "licence-keys"])
    assert client.get(url).status_code == 404
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'hreflang="en"' not in html


def test_draft_is_404_for_everyone_in_the_portal(client, alice, engineer_en):
    article("Secret plan", "Soon.", slug="secret-plan", published=False)
    url = reverse("portal:kb_article", args=["en", "secret-plan"])
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 404
    client.force_login(engineer_en.user)
    assert client.get(url).status_code == 404


def test_unknown_language_and_slug_are_404(client, pair):
    assert client.get("/kb/de/payment-fails/").status_code == 404
    assert client.get("/kb/en/platezh-ne-prokhodit/").status_code == 404


def test_index_lists_articles_of_its_language_by_category(client, pair, alice):
    article("Licence keys", "Where.", slug="licence-keys", audience=Audience.CUSTOMERS)
    visitor = client.get(reverse("portal:kb_index", args=["en"])).content.decode()
    assert 'data-article="payment-fails"' in visitor
    assert 'data-article="licence-keys"' not in visitor
    assert "Payments" in visitor
    assert f'<link rel="alternate" hreflang="ru" href="{SITE}/kb/ru/">' in visitor
    client.force_login(alice)
    customer = client.get(reverse("portal:kb_index", args=["en"])).content.decode()
    assert 'data-article="licence-keys"' in customer
    ru = client.get(reverse("portal:kb_index", args=["ru"])).content.decode()
    assert 'data-article="platezh-ne-prokhodit"' in ru
    assert 'data-article="payment-fails"' not in ru
    assert "Платежи" in ru


def test_index_search_shows_highlighted_snippets(client, pair):
    response = client.get(reverse("portal:kb_index", args=["ru"]), {"q": "платежи"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Платёж</mark>" in html
    assert 'data-article="platezh-ne-prokhodit"' in html


def test_index_search_too_long_is_a_coded_message_on_the_page(client):
    response = client.get(reverse("portal:kb_index", args=["en"]), {"q": "x" * 201})
    assert response.status_code == 200
    assert 'data-error-code="search_query_too_long"' in response.content.decode()


def test_root_redirects_to_the_viewer_language(client, bob):
    assert client.get("/kb/").url == "/kb/en/"
    client.force_login(bob)
    assert client.get("/kb/").url == "/kb/ru/"


def test_sitemap_lists_public_published_articles_with_alternates(client, pair):
    article("Licence keys", "Where.", slug="licence-keys", audience=Audience.CUSTOMERS)
    article("Draft", "Soon.", slug="draft", published=False)
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert f"<loc>{SITE}/kb/en/payment-fails/</loc>" in xml
    assert f"<loc>{SITE}/kb/ru/platezh-ne-prokhodit/</loc>" in xml
    assert (
        f'<xhtml:link rel="alternate" hreflang="ru" href="{SITE}/kb/ru/platezh-ne-prokhodit/"/>'
        in xml
    )
    assert f"<loc>{SITE}/kb/en/</loc>" in xml
    assert "licence-keys" not in xml
    assert "/draft/" not in xml
    assert xml.count("<url>") == 4


def test_robots_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /console/",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {SITE}/sitemap.xml",
    ]


def test_x_default_and_a_description_from_the_text(client):
    article("Cache <b>tips</b>", "Clear **both** caches & reload. " * 20, slug="cache-tips")
    html = client.get("/kb/en/cache-tips/").content.decode()
    assert f'<link rel="alternate" hreflang="x-default" href="{SITE}/kb/en/cache-tips/">' in html
    assert "<h1>Cache &lt;b&gt;tips&lt;/b&gt;</h1>" in html
    description = html.split('<meta name="description" content="')[1].split('"')[0]
    assert description.startswith("Clear both caches &amp; reload. Clear both")
    assert description.endswith("…")
    assert len(description.replace("&amp;", "&")) <= 161
