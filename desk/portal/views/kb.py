"""The public knowledge base: article lists and pages per language, search, the sitemap, and
the suggestions the new-request form shows as the customer types (with deflection counting).

A visitor reads public articles; anyone signed in the customers-only ones too (`desk.kb.access`).
Each language version has its own address (/kb/en/<slug>/, /kb/ru/<slug>/) and is rendered in its
language, with canonical and hreflang links to the other version.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from desk.accounts.models import Language, User
from desk.core.errors import DeskError, NotFound
from desk.kb import access, markdown, selectors, services
from desk.kb.models import ArticleTranslation, DeflectionKind
from desk.kb.text_search import ArticleHit, search_articles

SESSION_KEY = "kb_deflection"  # the session entry holding the deflection token
SUGGESTIONS = 5
MIN_SUGGEST_CHARS = 3


def _viewer(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _language(code: str) -> str:
    if code not in Language.values:
        raise Http404
    return code


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def article_path(translation: ArticleTranslation) -> str:
    return reverse("portal:kb_article", args=[translation.language, translation.slug])


def session_token(request: HttpRequest) -> str:
    """A random token for this browser session (kept across sign-in, unlike the session key):
    deflection counts each kind of event once per article and token."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_hex(16)
        request.session[SESSION_KEY] = token
    return token


@require_safe
def kb_root(request: HttpRequest) -> HttpResponse:
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return redirect("portal:kb_index", language=language if language in Language.values else "en")


@require_safe
def kb_index(request: HttpRequest, language: str) -> HttpResponse:
    language = _language(language)
    viewer = _viewer(request)
    query = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    articles = selectors.translations_in(viewer, language)
    if category:
        articles = articles.filter(article__category__slug=category)
    hits: list[ArticleHit] = []
    error: DeskError | None = None
    with translation.override(language):
        if query:
            try:
                hits = search_articles(query=query, viewer=viewer, within=articles)
            except DeskError as exc:
                error = exc
        context: dict[str, Any] = {
            "language": language,
            "articles": list(articles),
            "categories": selectors.categories(),
            "category": category,
            "query": query,
            "hits": hits,
            "error": error,
            "canonical": absolute(reverse("portal:kb_index", args=[language])),
            "alternates": [
                (code, absolute(reverse("portal:kb_index", args=[code])))
                for code in Language.values
            ],
        }
        # A refused query is shown on the page, as the request search does (a GET page).
        return render(request, "portal/kb/index.html", context)


@require_safe
def kb_article(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    language = _language(language)
    viewer = _viewer(request)
    try:
        article = access.access_translation(viewer, language, slug)
    except NotFound as exc:
        raise Http404 from exc
    from_request = request.GET.get("from") == "request"
    if from_request and viewer is not None:
        services.record_deflection(
            kind=DeflectionKind.OPENED,
            translation=article,
            session_token=session_token(request),
            user=viewer,
        )
    is_public = article.article.is_public
    others = selectors.alternates(article)
    with translation.override(language):
        context = {
            "article": article,
            # nh3 output under the allow-list of desk.kb.markdown: no script, no raw HTML.
            "body": mark_safe(markdown.render(article.body)),  # noqa: S308
            "category_name": (
                article.article.category.name_in(language) if article.article.category else ""
            ),
            "canonical": absolute(article_path(article)),
            "alternates": [(t.language, absolute(article_path(t))) for t in others]
            if is_public
            else [],
            "other_versions": [t for t in others if t.pk != article.pk],
            "is_indexable": is_public,
            "meta_description": article.description or _summary(article.body),
            "from_request": from_request and viewer is not None,
        }
        return render(request, "portal/kb/article.html", context)


def _summary(body: str, limit: int = 160) -> str:
    """The text's first words, cut at a word, for a meta description when none was written."""
    text = markdown.plain_text(body)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


@require_safe
def kb_suggest(request: HttpRequest) -> HttpResponse:
    """htmx fragment for the new-request form: articles matching `?subject=` (both languages),
    each counted once per session as suggested. Too short or unsearchable text: no list."""
    viewer = _viewer(request)
    query = request.GET.get("subject", "").strip()
    hits: list[ArticleHit] = []
    if len(query) >= MIN_SUGGEST_CHARS:
        try:
            hits = search_articles(
                query=query,
                viewer=viewer,
                within=selectors.readable_translations(viewer),
                limit=SUGGESTIONS,
                any_word=True,  # a subject says more than the article needs to hold
            )
        except DeskError:
            hits = []  # a half-typed subject is no error worth showing
    if hits and viewer is not None:
        token = session_token(request)
        for hit in hits:
            services.record_deflection(
                kind=DeflectionKind.SUGGESTED,
                translation=hit.translation,
                session_token=token,
                user=viewer,
            )
    return render(request, "portal/kb/_suggestions.html", {"hits": hits})


@require_POST
def kb_answered(request: HttpRequest, translation_id: int) -> HttpResponse:
    """ "This answered my question": counted once per article and session (signed in only, as
    the new-request form is); the customer need not open the request."""
    viewer = _viewer(request)
    if viewer is None:
        raise Http404
    try:
        article = access.access_translation_by_id(viewer, translation_id)
    except NotFound as exc:
        raise Http404 from exc
    services.record_deflection(
        kind=DeflectionKind.ANSWERED,
        translation=article,
        session_token=session_token(request),
        user=viewer,
    )
    return render(request, "portal/kb/_answered.html", {"article": article})


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """sitemap.xml: the knowledge base's lists and every public article, with hreflang links."""
    published = selectors.sitemap_translations()
    by_article: dict[int, list[ArticleTranslation]] = {}
    for item in published:
        by_article.setdefault(item.article_id, []).append(item)
    entries = [
        {
            "loc": absolute(article_path(item)),
            "lastmod": item.updated_at,
            "alternates": [
                (sibling.language, absolute(article_path(sibling)))
                for sibling in by_article[item.article_id]
            ],
        }
        for item in published
    ]
    lists = [absolute(reverse("portal:kb_index", args=[code])) for code in Language.values]
    index_alternates = list(zip(Language.values, lists, strict=True))
    context = {"entries": entries, "lists": lists, "index_alternates": index_alternates}
    return render(request, "portal/kb/sitemap.xml", context, content_type="application/xml")


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """robots.txt: the console and admin are not for crawlers; the sitemap lists the articles."""
    lines = [
        "User-agent: *",
        "Disallow: /console/",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {absolute(reverse('portal:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
