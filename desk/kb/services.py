"""Every state change of the knowledge base: writing articles, publishing them, drafting one from
a reply, and counting deflection. The search index is written in the same transaction."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from desk.accounts.models import User
from desk.core import clock
from desk.kb import checks, errors, redaction, text_search
from desk.kb.checks import TranslationInput
from desk.kb.models import (
    Article,
    ArticleStatus,
    ArticleTranslation,
    Audience,
    Category,
    DeflectionEvent,
    DeflectionKind,
)


def create_category(*, slug: str, name_en: str, name_ru: str, position: int = 0) -> Category:
    """A category (staff also edit them in the admin)."""
    return Category.objects.create(slug=slug, name_en=name_en, name_ru=name_ru, position=position)


@transaction.atomic
def create_article(
    *,
    author: User | None,
    fields: TranslationInput,
    audience: str = Audience.PUBLIC,
    category_id: int | None = None,
    source_message_id: int | None = None,
) -> ArticleTranslation:
    """A new article with its first language version. Raises the `kb_*` input errors."""
    clean = checks.check_translation(fields)
    article = Article.objects.create(
        category=checks.check_category(category_id),
        audience=checks.check_audience(audience),
        created_by=author,
        source_message_id=source_message_id,
    )
    return _create_translation(article, clean)


@transaction.atomic
def add_translation(*, article: Article, fields: TranslationInput) -> ArticleTranslation:
    """Another language version of `article`. Raises `kb_language_taken` and the input errors."""
    clean = checks.check_translation(fields)
    if article.translations.filter(language=clean.language).exists():
        raise errors.language_taken()
    return _create_translation(article, clean)


@transaction.atomic
def update_article(
    *,
    translation: ArticleTranslation,
    fields: TranslationInput,
    audience: str,
    category_id: int | None,
) -> ArticleTranslation:
    """Change one version and the article's audience and category (the language stays).
    Raises the `kb_*` input errors; nothing is saved then."""
    clean = checks.check_translation(
        TranslationInput(
            language=translation.language,
            title=fields.title,
            body=fields.body,
            slug=fields.slug,
            description=fields.description,
            status=fields.status,
        ),
        exclude_pk=translation.pk,
    )
    article = translation.article
    new_audience = checks.check_audience(audience)
    article.category = checks.check_category(category_id)
    audience_changed = new_audience != article.audience
    article.audience = new_audience
    article.save(update_fields=["category", "audience"])
    now = clock.now()
    if clean.status == ArticleStatus.PUBLISHED and translation.published_at is None:
        translation.published_at = now
    translation.slug = clean.slug
    translation.title = clean.title
    translation.description = clean.description
    translation.body = clean.body
    translation.status = clean.status
    translation.updated_at = now
    translation.save(
        update_fields=[
            "slug", "title", "description", "body", "status", "published_at", "updated_at",
        ]
    )  # fmt: skip
    # The audience is the visibility of every version's documents.
    others = list(article.translations.exclude(pk=translation.pk)) if audience_changed else []
    text_search.index_translations([translation, *others])
    return translation


def draft_from_reply(
    *,
    author: User,
    language: str,
    title: str,
    body: str,
    known_terms: list[str],
    source_message_id: int,
) -> ArticleTranslation:
    """A customers-only draft from an engineer's reply, with the request's customer data
    (`known_terms`: names, addresses, store hosts) and any address, phone or IP taken out."""
    return create_article(
        author=author,
        fields=TranslationInput(
            language=language,
            title=redaction.redact(title, known=known_terms)[: checks.MAX_TITLE],
            body=redaction.redact(body, known=known_terms),
            status=ArticleStatus.DRAFT,
        ),
        audience=Audience.CUSTOMERS,
        source_message_id=source_message_id,
    )


def record_deflection(
    *, kind: str, translation: ArticleTranslation, session_token: str, user: User | None
) -> bool:
    """Count one event of `kind` for this article in this browser session; the same event again
    counts nothing. True when it was new. Only published versions count, else
    `kb_deflection_invalid`."""
    if kind not in DeflectionKind.values or not translation.is_published or not session_token:
        raise errors.deflection_invalid()
    _, created = DeflectionEvent.objects.get_or_create(
        kind=kind,
        translation=translation,
        session_token=session_token[:32],
        defaults={"user": user, "created_at": clock.now()},
    )
    return created


def _create_translation(article: Article, clean: TranslationInput) -> ArticleTranslation:
    now = clock.now()
    try:
        with transaction.atomic():
            translation = _insert_translation(article, clean, now)
    except IntegrityError as exc:  # the same address taken by a concurrent writer
        raise errors.slug_taken() from exc
    text_search.index_translations([translation])
    return translation


def _insert_translation(
    article: Article, clean: TranslationInput, now: datetime
) -> ArticleTranslation:
    return ArticleTranslation.objects.create(
        article=article,
        language=clean.language,
        slug=clean.slug,
        title=clean.title,
        description=clean.description,
        body=clean.body,
        status=clean.status,
        published_at=now if clean.status == ArticleStatus.PUBLISHED else None,
        updated_at=now,
    )
