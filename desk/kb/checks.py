"""Validation of what an author types into an article (stable codes, nothing saved on failure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import slugify

from desk.accounts.models import Language
from desk.kb import errors
from desk.kb.models import ArticleStatus, ArticleTranslation, Audience, Category

MAX_TITLE = 200
MAX_DESCRIPTION = 300
MAX_BODY = 100_000
MAX_SLUG = 120
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Russian titles get Latin addresses (they read well in links and in every mail client).
_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TranslationInput:
    language: str
    title: str
    body: str
    slug: str = ""
    description: str = ""
    status: str = ArticleStatus.DRAFT


def slug_from_title(title: str) -> str:
    latin = "".join(_TRANSLIT.get(c, c) for c in title.lower())
    return slugify(latin)[:MAX_SLUG].strip("-") or "article"


def check_translation(
    fields: TranslationInput, *, exclude_pk: int | None = None
) -> TranslationInput:
    """The input cleaned (stripped, slug derived from the title when empty). Raises the
    `kb_*` errors of title, text, summary, address, language and status."""
    title = fields.title.strip()
    if not title:
        raise errors.title_empty()
    if len(title) > MAX_TITLE:
        raise errors.title_too_long(MAX_TITLE)
    body = fields.body.strip()
    if not body:
        raise errors.body_empty()
    if len(body) > MAX_BODY:
        raise errors.body_too_long(MAX_BODY)
    description = " ".join(fields.description.split())
    if len(description) > MAX_DESCRIPTION:
        raise errors.description_too_long(MAX_DESCRIPTION)
    if fields.language not in Language.values:
        raise errors.language_invalid()
    if fields.status not in ArticleStatus.values:
        raise errors.status_invalid()
    slug = fields.slug.strip().lower() or _free_slug(fields.language, title, exclude_pk)
    if len(slug) > MAX_SLUG or not _SLUG.match(slug):
        raise errors.slug_invalid()
    taken = ArticleTranslation.objects.filter(language=fields.language, slug=slug)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise errors.slug_taken()
    return TranslationInput(
        language=fields.language,
        title=title,
        body=body,
        slug=slug,
        description=description,
        status=fields.status,
    )


def check_audience(audience: str) -> str:
    if audience not in Audience.values:
        raise errors.audience_invalid()
    return audience


def check_category(category_id: int | None) -> Category | None:
    if category_id is None:
        return None
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise errors.category_invalid()
    return category


def _free_slug(language: str, title: str, exclude_pk: int | None) -> str:
    """A slug from the title that no other article of the language has ("-2", "-3"… added)."""
    base = slug_from_title(title)[: MAX_SLUG - 4].strip("-")
    others = ArticleTranslation.objects.filter(language=language, slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
