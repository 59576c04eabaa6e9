"""The token pages of the portal and the console, one flow for both front doors: the form, the
secret shown once (on the answer that created it, never cached), the list, and revoking.

Each front door keeps its URL, its permission decorator and its template, and says who may
issue what (`issue`); the rest is here, so the two pages cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from desk.accounts.models import User
from desk.core.errors import DeskError, NotFound
from desk.tokens import services
from desk.tokens.access import access_token
from desk.tokens.forms import TokenForm
from desk.tokens.models import ApiToken
from desk.tokens.services import IssuedToken


@sensitive_variables("issued", "context")
def token_page(
    request: HttpRequest,
    *,
    template: str,
    tokens: QuerySet[ApiToken],
    issue: Callable[[TokenForm], IssuedToken],
    revoke_url: str,
    service: bool = False,
) -> HttpResponse:
    """The list and the form; a valid POST issues a token through `issue` (a service call that
    may refuse with a `DeskError`, shown on its field). `service`: the console's form (a
    customer field) and list (each token's owner). `tokens` is read after issuing."""
    form = TokenForm(request.POST if request.method == "POST" else None, service=service)
    issued = None
    if form.is_valid():
        try:
            issued = issue(form)
        except DeskError as error:
            form.add_service_error(error)
        else:
            form = TokenForm(service=service)
    context = {
        "form": form,
        "issued": issued,
        "tokens": tokens,
        "show_owner": service,
        "revoke_url": revoke_url,
    }
    response = render(request, template, context)
    add_never_cache_headers(response)  # the secret must not stay in a cache
    return response


def revoke_token_page(
    request: HttpRequest, *, user: User, token_id: int, back: str
) -> HttpResponse:
    """Revoke a token `user` may manage (404 otherwise), then back to the list (`back`)."""
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
    return redirect(back)
