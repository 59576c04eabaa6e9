"""The customer's API tokens: create (the secret shown once, on this answer only), list with
the last use, revoke. Tokens act as the customer, with read or read-and-write access."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from desk.accounts.models import User
from desk.core.errors import DeskError, NotFound
from desk.tokens import services
from desk.tokens.access import access_token
from desk.tokens.forms import TokenForm
from desk.tokens.selectors import tokens_of


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 — login_required ran
    return request.user


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_variables("issued", "context")
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST if request.method == "POST" else None)
    issued = None
    if form.is_valid():
        try:
            issued = services.issue_personal_token(
                user=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_in_days=form.expires_in_days(),
            )
        except DeskError as error:
            form.add_service_error(error)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "issued": issued,
        "tokens": tokens_of(user),
        "revoke_url": "portal:api_token_revoke",
    }
    response = render(request, "portal/accounts/api_tokens.html", context)
    add_never_cache_headers(response)  # the secret must not stay in a cache
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _user(request)
    try:
        token = access_token(user, token_id)
    except NotFound as exc:
        raise Http404 from exc
    try:
        services.revoke_token(token=token)
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The token is revoked."))
    return redirect("portal:api_tokens")
