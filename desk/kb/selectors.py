"""Reads of the knowledge base: what a viewer may read, the sitemap, the language versions."""

from __future__ import annotations

from django.db.models import QuerySet

from desk.accounts.models import User
from desk.kb.models import (
    ArticleStatus,
    ArticleTranslation,
    Audience,
    Category,
)


def readable_translations(viewer: User | None) -> QuerySet[ArticleTranslation]:
    """Published versions the viewer may read: a visitor (None) the public ones, anyone signed
    in the customers-only ones too. Drafts are for the console only."""
    translations = ArticleTranslation.objects.filter(status=ArticleStatus.PUBLISHED)
    if viewer is None:
        translations = translations.filter(article__audience=Audience.PUBLIC)
    return translations.select_related("article__category")


def translations_in(viewer: User | None, language: str) -> QuerySet[ArticleTranslation]:
    return (
        readable_translations(viewer)
        .filter(language=language)
        .order_by("article__category__position", "article__category__slug", "title", "id")
    )


def alternates(translation: ArticleTranslation) -> list[ArticleTranslation]:
    """Every published version of the same article (this one included), by language: the
    hreflang alternates. A customers-only article has none to announce (it is not indexed)."""
    return list(
        ArticleTranslation.objects.filter(
            article_id=translation.article_id, status=ArticleStatus.PUBLISHED
        ).order_by("language")
    )


def sitemap_translations() -> list[ArticleTranslation]:
    """Public published versions, each with its sibling versions prefetched (for hreflang)."""
    return list(
        ArticleTranslation.objects.filter(
            status=ArticleStatus.PUBLISHED, article__audience=Audience.PUBLIC
        )
        .select_related("article")
        .order_by("language", "id")
    )


def categories() -> list[Category]:
    return list(Category.objects.all())


def translations_for_console(
    *, language: str | None = None, status: str | None = None
) -> QuerySet[ArticleTranslation]:
    translations = ArticleTranslation.objects.select_related("article__category").order_by(
        "-updated_at", "-id"
    )
    if language:
        translations = translations.filter(language=language)
    if status:
        translations = translations.filter(status=status)
    return translations
