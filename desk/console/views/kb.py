"""Knowledge base in the console: engineers list, write, preview and publish articles, and turn
a reply into a draft in one step. Thin: `desk.kb.services` does every change."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desk.accounts.models import Engineer, Language
from desk.console.kb_forms import ArticleForm
from desk.console.views.tickets import engineer_required
from desk.core.errors import DeskError, NotFound
from desk.kb import access, markdown, selectors, services
from desk.kb.models import ArticleStatus, ArticleTranslation
from desk.tickets.access import access_ticket
from desk.tickets.models import MessageKind
from desk.tickets.selectors import ticket_messages


@engineer_required
@require_GET
def article_list(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    language = request.GET.get("language", "")
    status = request.GET.get("status", "")
    translations = selectors.translations_for_console(
        language=language if language in Language.values else None,
        status=status if status in ArticleStatus.values else None,
    )
    context = {
        "translations": translations[:200],
        "language": language,
        "status": status,
        "languages": Language.choices,
        "statuses": ArticleStatus.choices,
    }
    return render(request, "console/kb/list.html", context)


@engineer_required
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest, engineer: Engineer) -> HttpResponse:
    if request.method != "POST":
        initial = {"language": engineer.user.language, "status": ArticleStatus.DRAFT}
        return _render_edit(request, ArticleForm(initial=initial), None)
    form = ArticleForm(request.POST)
    if not form.is_valid() or "preview" in request.POST:
        return _render_edit(request, form, None, status=200 if form.is_valid() else 400)
    try:
        created = services.create_article(
            author=engineer.user,
            fields=form.translation_input(),
            audience=form.cleaned_data["audience"],
            category_id=form.category_id(),
        )
    except DeskError as error:
        return _render_edit(request, form, None, error=error)
    return redirect("console:kb_edit", translation_id=created.pk)


@engineer_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, engineer: Engineer, translation_id: int) -> HttpResponse:
    translation = _translation(translation_id)
    if request.method != "POST":
        return _render_edit(request, ArticleForm(initial=_initial(translation)), translation)
    data = request.POST.copy()
    data["language"] = translation.language  # a version keeps its language
    form = ArticleForm(data)
    if not form.is_valid() or "preview" in request.POST:
        return _render_edit(request, form, translation, status=200 if form.is_valid() else 400)
    try:
        services.update_article(
            translation=translation,
            fields=form.translation_input(),
            audience=form.cleaned_data["audience"],
            category_id=form.category_id(),
        )
    except DeskError as error:
        return _render_edit(request, form, translation, error=error)
    return redirect("console:kb_edit", translation_id=translation.pk)


@engineer_required
@require_http_methods(["GET", "POST"])
def article_translate(
    request: HttpRequest, engineer: Engineer, translation_id: int
) -> HttpResponse:
    """A version of the article in the other language, starting from this one's text."""
    source = _translation(translation_id)
    other = Language.RU if source.language == Language.EN else Language.EN
    existing = source.article.translations.filter(language=other).first()
    if existing is not None:
        return redirect("console:kb_edit", translation_id=existing.pk)
    if request.method != "POST":
        initial = {**_initial(source), "language": other, "slug": "", "status": "draft"}
        return _render_edit(request, ArticleForm(initial=initial), None, source=source)
    data = request.POST.copy()
    data["language"] = other
    form = ArticleForm(data)
    if not form.is_valid() or "preview" in request.POST:
        status = 200 if form.is_valid() else 400
        return _render_edit(request, form, None, source=source, status=status)
    try:
        created = services.add_translation(article=source.article, fields=form.translation_input())
    except DeskError as error:
        return _render_edit(request, form, None, source=source, error=error)
    return redirect("console:kb_edit", translation_id=created.pk)


@engineer_required
@require_POST
def draft_from_message(
    request: HttpRequest, engineer: Engineer, ticket_id: int, message_id: int
) -> HttpResponse:
    """One step from an engineer's reply to a customers-only draft without the customer's
    name, addresses or store; then the draft's edit page."""
    try:
        ticket = access_ticket(engineer.user, ticket_id)
    except NotFound as exc:
        raise Http404 from exc
    message = (
        ticket_messages(ticket, include_notes=False)
        .filter(pk=message_id, kind=MessageKind.REPLY)
        .first()
    )
    if message is None:
        raise Http404
    customer = ticket.customer
    store = ticket.store  # a request may have no store (departments that need none)
    known = [
        customer.full_name,
        *customer.full_name.split(),
        customer.email,
        customer.email.split("@", 1)[0],
        *([store.canonical_url, store.display_url] if store is not None else []),
    ]
    draft = services.draft_from_reply(
        author=engineer.user,
        language=ticket.language,
        title=ticket.subject,
        body=message.body,
        known_terms=known,
        source_message_id=message.pk,
    )
    return redirect("console:kb_edit", translation_id=draft.pk)


def _translation(translation_id: int) -> ArticleTranslation:
    try:
        return access.access_translation_for_editing(translation_id)
    except NotFound as exc:
        raise Http404 from exc


def _initial(translation: ArticleTranslation) -> dict[str, Any]:
    return {
        "language": translation.language,
        "title": translation.title,
        "slug": translation.slug,
        "description": translation.description,
        "body": translation.body,
        "category": translation.article.category_id,
        "audience": translation.article.audience,
        "status": translation.status,
    }


def _render_edit(
    request: HttpRequest,
    form: ArticleForm,
    translation: ArticleTranslation | None,
    *,
    source: ArticleTranslation | None = None,
    error: DeskError | None = None,
    status: int = 200,
) -> HttpResponse:
    preview = ""
    if "preview" in request.POST and form.is_valid():
        # nh3 output under the allow-list of desk.kb.markdown: no script, no raw HTML.
        preview = mark_safe(markdown.render(form.cleaned_data["body"]))  # noqa: S308
    context = {
        "form": form,
        "translation": translation,
        "source": source,
        "versions": list(translation.article.translations.order_by("language"))
        if translation
        else [],
        "preview": preview,
        "error": error,
        "saved_title": _("Edit article") if translation else _("New article"),
    }
    return render(
        request, "console/kb/edit.html", context, status=error.status if error else status
    )
