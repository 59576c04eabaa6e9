"""Loading articles with the viewer's permission checked: a missing, draft or customers-only
article (for a visitor) is the same `kb_article_not_found`."""

from __future__ import annotations

from desk.accounts.models import User
from desk.kb import errors, selectors
from desk.kb.models import ArticleTranslation


def access_translation(viewer: User | None, language: str, slug: str) -> ArticleTranslation:
    translation = (
        selectors.readable_translations(viewer).filter(language=language, slug=slug).first()
    )
    if translation is None:
        raise errors.article_not_found()
    return translation


def access_translation_by_id(viewer: User | None, translation_id: int) -> ArticleTranslation:
    translation = selectors.readable_translations(viewer).filter(pk=translation_id).first()
    if translation is None:
        raise errors.article_not_found()
    return translation


def access_translation_for_editing(translation_id: int) -> ArticleTranslation:
    """Any version, drafts too (the caller has checked that the viewer is an engineer)."""
    translation = (
        ArticleTranslation.objects.select_related("article__category")
        .filter(pk=translation_id)
        .first()
    )
    if translation is None:
        raise errors.article_not_found()
    return translation
