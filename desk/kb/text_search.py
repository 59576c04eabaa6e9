"""Articles in the search index (`desk.search`), and searching them.

Each published language version of an article is indexed as documents of kind "article" (object
id = the translation's id) in its own language, so Russian versions are stemmed as Russian
("платежи" finds "платёж"): its title and summary, and its text without Markdown. Public articles
are `Visibility.PUBLIC` (visitors too), customers-only ones `Visibility.CUSTOMERS` (any signed-in
customer). Drafts are not in the index. The services index in the transaction of the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from desk.accounts.models import User
from desk.kb import markdown
from desk.kb.models import ArticleStatus, ArticleTranslation, Audience
from desk.search import selectors as search_selectors
from desk.search import services as search_services
from desk.search.models import Visibility
from desk.search.services import Document
from desk.search.text import Fragment

KIND = "article"


def documents(translation: ArticleTranslation) -> list[Document]:
    visibility = (
        Visibility.PUBLIC
        if translation.article.audience == Audience.PUBLIC
        else Visibility.CUSTOMERS
    )

    def document(part: str, text: str) -> Document:
        return Document(
            kind=KIND,
            object_id=translation.pk,
            part=part,
            owner_id=None,
            visibility=visibility,
            language=translation.language,
            text=text,
        )

    heading = f"{translation.title}. {translation.description}".strip(" .")
    return [document("title", heading), document("body", markdown.plain_text(translation.body))]


def index_translations(translations: Iterable[ArticleTranslation]) -> None:
    """(Re)index these versions: published ones get their documents, drafts lose theirs."""
    items = list(translations)
    published = [t for t in items if t.status == ArticleStatus.PUBLISHED]
    search_services.replace_objects(
        KIND, [t.pk for t in items], [d for t in published for d in documents(t)]
    )


def rebuild_index() -> int:
    search_services.clear_kind(KIND)
    published = list(
        ArticleTranslation.objects.filter(status=ArticleStatus.PUBLISHED).select_related("article")
    )
    index_translations(published)
    return 2 * len(published)


@dataclass(frozen=True, slots=True)
class ArticleHit:
    translation: ArticleTranslation
    snippet: list[Fragment]


def search_articles(
    *,
    query: str | None,
    viewer: User | None,
    within: QuerySet[ArticleTranslation],
    limit: int = 20,
    any_word: bool = False,
) -> list[ArticleHit]:
    """Published versions among `within` matching `query` (every word, or `any_word`), best
    first. A visitor (None) finds public articles only; anyone signed in also the
    customers-only ones. Raises the `search_query_*` errors."""
    found = search_selectors.search(
        kind=KIND,
        query=query,
        within=within.filter(status=ArticleStatus.PUBLISHED),
        signed_in=viewer is not None,
        limit=limit,
        any_word=any_word,
    )
    ids = [hit.object_id for hit in found.hits]
    loaded = ArticleTranslation.objects.select_related("article__category").in_bulk(ids)
    return [
        ArticleHit(translation=loaded[hit.object_id], snippet=hit.snippet)
        for hit in found.hits
        if hit.object_id in loaded
    ]
