"""Satisfaction surveys in the portal: the one-click rating links of the survey mail, and the
rating panel of a resolved request's page.

A link's GET only shows what will be recorded, with a button: mail scanners and link previews
open GET links, and must not rate for the customer. The POST records the first score; a second
one shows the score already recorded. A forged, tampered or expired link gets a page with its
code, and nothing is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from desk.accounts.models import User
from desk.core import clock
from desk.core.errors import DeskError
from desk.portal.forms.satisfaction import CommentForm, ScoreForm
from desk.portal.views.tickets import _own_ticket
from desk.satisfaction import services
from desk.satisfaction.access import access_survey_by_link
from desk.satisfaction.errors import invalid_comment, survey_not_found
from desk.satisfaction.models import Channel, Score, Survey
from desk.satisfaction.services import MAX_COMMENT

ALREADY_SCORED = "survey_already_scored"


def _link_error(request: HttpRequest, error: DeskError) -> HttpResponse:
    context = {"code": error.code, "message": error.message}
    return render(request, "portal/satisfaction/link_error.html", context, status=error.status)


def _link_page(
    request: HttpRequest,
    survey: Survey,
    token: str,
    *,
    form: ScoreForm | None = None,
    comment_form: CommentForm | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "survey": survey,
        "ticket": survey.ticket,
        "token": token,
        "form": form,
        "comment_form": comment_form or CommentForm(),
        "notice": notice,
        "is_open": clock.now() < survey.expires_at,
    }
    # Someone who follows the mail's link unsigned reads the page in the mail's language.
    language = survey.language if not isinstance(request.user, User) else None
    with translation.override(language or translation.get_language()):
        return render(request, "portal/satisfaction/link.html", context, status=status)


@require_http_methods(["GET", "POST"])
def survey_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        survey = access_survey_by_link(request.user, token)
    except DeskError as error:
        return _link_error(request, error)
    if request.method == "GET":
        chosen = request.GET.get("score", "")
        initial = {"score": chosen} if chosen in Score.values else {}
        form = None if survey.is_scored else ScoreForm(initial=initial)
        return _link_page(request, survey, token, form=form)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        return _link_page(request, survey, token, form=form, status=400)
    try:
        survey = services.cast_score(
            survey_id=survey.pk, score=form.cleaned_data["score"], channel=Channel.EMAIL
        )
    except DeskError as error:
        if error.code != ALREADY_SCORED:
            return _link_error(request, error)
        survey.refresh_from_db()
        return _link_page(request, survey, token, notice=error.message)
    return _link_page(request, survey, token, notice=_("Thank you: your rating is recorded."))


@require_POST
def survey_link_comment(request: HttpRequest, token: str) -> HttpResponse:
    try:
        survey = access_survey_by_link(request.user, token)
    except DeskError as error:
        return _link_error(request, error)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _link_page(request, survey, token, comment_form=form, status=400)
    try:
        survey = services.add_comment(survey_id=survey.pk, comment=form.cleaned_data["comment"])
    except DeskError as error:
        return _link_error(request, error)
    return _link_page(request, survey, token, notice=_("Thank you for your comment."))


@login_required
@require_POST
def ticket_rating(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """The rating panel of the request's page: the survey is asked now if the sweep has not
    yet (without its mail: the customer is answering already)."""
    ticket = _own_ticket(request, ticket_id)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose good, okay or bad."))
        return redirect("portal:ticket", ticket_id=ticket.pk)
    try:
        survey = services.offer_survey(ticket=ticket, notify=False)
        if survey is None:
            messages.error(request, survey_not_found().message)
            return redirect("portal:ticket", ticket_id=ticket.pk)
        services.cast_score(
            survey_id=survey.pk, score=form.cleaned_data["score"], channel=Channel.PORTAL
        )
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you: your rating is recorded."))
    return redirect("portal:ticket", ticket_id=ticket.pk)


@login_required
@require_POST
def ticket_rating_comment(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = _own_ticket(request, ticket_id)
    form = CommentForm(request.POST)
    survey = Survey.objects.filter(ticket=ticket).first()
    if survey is None or not form.is_valid():
        problem = survey_not_found() if survey is None else invalid_comment(MAX_COMMENT)
        messages.error(request, problem.message)
        return redirect("portal:ticket", ticket_id=ticket.pk)
    try:
        services.add_comment(survey_id=survey.pk, comment=form.cleaned_data["comment"])
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you for your comment."))
    return redirect("portal:ticket", ticket_id=ticket.pk)
