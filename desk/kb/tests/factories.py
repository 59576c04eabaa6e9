"""Articles for tests, written through the services (so they are indexed like real ones)."""

from __future__ import annotations

from desk.kb import services
from desk.kb.checks import TranslationInput
from desk.kb.models import ArticleStatus, ArticleTranslation, Audience, Category


def category(slug="payments", en="Payments", ru="Платежи", position=0) -> Category:
    return Category.objects.create(slug=slug, name_en=en, name_ru=ru, position=position)


def article(
    title,
    body,
    *,
    language="en",
    slug="",
    description="",
    audience=Audience.PUBLIC,
    published=True,
    category_id=None,
    author=None,
) -> ArticleTranslation:
    return services.create_article(
        author=author,
        fields=TranslationInput(
            language=language,
            title=title,
            body=body,
            slug=slug,
            description=description,
            status=ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT,
        ),
        audience=audience,
        category_id=category_id,
    )


def translation_of(
    source: ArticleTranslation, title, body, *, language="ru", slug="", published=True
):
    return services.add_translation(
        article=source.article,
        fields=TranslationInput(
            language=language,
            title=title,
            body=body,
            slug=slug,
            status=ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT,
        ),
    )
