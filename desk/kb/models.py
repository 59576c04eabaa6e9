"""The knowledge base: categories, articles and their per-language versions, deflection events.

An `Article` is one answer (its category and who may read it); each language it is written in is
an `ArticleTranslation` with its own slug, text and draft/published state, so the English and the
Russian version are published independently and point at each other (hreflang). A
`DeflectionEvent` counts what the new-request form did with an article: suggested it, the
customer opened it, the customer said it answered the question; at most one of each kind per
article and browser session.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from desk.accounts.models import Language
from desk.core import clock


class Category(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_en = models.CharField(_("name in English"), max_length=80)
    name_ru = models.CharField(_("name in Russian"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("position", "slug")
        verbose_name = _("knowledge base category")
        verbose_name_plural = _("knowledge base categories")

    def __str__(self) -> str:
        return self.name_en

    def name_in(self, language: str) -> str:
        return self.name_ru if language == Language.RU else self.name_en


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone (public, indexed by search engines)")
    CUSTOMERS = "customers", _("Signed-in customers only")


class Article(models.Model):
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("category"),
    )
    audience = models.CharField(
        _("who may read it"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # The reply it was drafted from (a message id of desk.tickets; no foreign key: kb sits below
    # tickets and an article outlives the request).
    source_message_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return f"article {self.pk}"

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("article", "Draft")
    PUBLISHED = "published", pgettext_lazy("article", "Published")


class ArticleTranslation(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    slug = models.SlugField(_("address"), max_length=120, allow_unicode=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text (Markdown)"))
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("title", "id")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="kb_one_per_language"),
            models.UniqueConstraint(fields=["language", "slug"], name="kb_slug_per_language"),
        ]
        indexes = [models.Index(fields=["language", "status"], name="kb_translation_state_idx")]

    def __str__(self) -> str:
        return f"{self.language}/{self.slug}"

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED


class DeflectionKind(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    OPENED = "opened", _("Opened")
    ANSWERED = "answered", _("Answered the question")


class DeflectionEvent(models.Model):
    kind = models.CharField(max_length=10, choices=DeflectionKind.choices)
    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.CASCADE, related_name="deflections"
    )
    # A random token kept in the browser session (not the session key, which changes at sign-in).
    session_token = models.CharField(max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "translation", "session_token"], name="kb_deflection_once"
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="kb_deflection_time_idx")]
