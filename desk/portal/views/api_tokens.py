"""The customer's API tokens: create (the secret shown once, on this answer only), list with
the last use, revoke. Tokens act as the customer, with read or read-and-write access."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from desk.accounts.models import User
from desk.tokens import services
from desk.tokens.forms import TokenForm
from desk.tokens.pages import revoke_token_page, token_page
from desk.tokens.selectors import tokens_of
from desk.tokens.services import IssuedToken


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 — login_required ran
    return request.user


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)

    def issue(form: TokenForm) -> IssuedToken:
        return services.issue_personal_token(
            user=user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_in_days=form.expires_in_days(),
        )

    return token_page(
        request,
        template="portal/accounts/api_tokens.html",
        tokens=tokens_of(user),
        issue=issue,
        revoke_url="portal:api_token_revoke",
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    return revoke_token_page(
        request, user=_user(request), token_id=token_id, back="portal:api_tokens"
    )
