"""Staff API tokens: their own personal tokens and the service tokens of everyone (engineer
scope, or bound to a customer). The secret is shown once, on the answer that created it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from desk.accounts.models import User
from desk.console.views.orders import staff_required
from desk.core.errors import DeskError, NotFound
from desk.tokens import services
from desk.tokens.access import access_token
from desk.tokens.forms import TokenForm
from desk.tokens.selectors import tokens_for_staff


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_variables("issued", "context")
def api_tokens(request: HttpRequest, user: User) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None, service=True)
    issued = None
    if form.is_valid():
        fields = form.cleaned_data
        try:
            if request.POST.get("kind") == "service":
                issued = services.issue_service_token(
                    staff=user,
                    name=fields["name"],
                    scope=fields["scope"],
                    expires_in_days=form.expires_in_days(),
                    customer_email=fields.get("customer") or "",
                )
            else:
                issued = services.issue_personal_token(
                    user=user,
                    name=fields["name"],
                    scope=fields["scope"],
                    expires_in_days=form.expires_in_days(),
                )
        except DeskError as error:
            form.add_service_error(error)
        else:
            form = TokenForm(service=True)
    context = {
        "form": form,
        "issued": issued,
        "tokens": tokens_for_staff(user),
        "show_owner": True,
        "revoke_url": "console:api_token_revoke",
    }
    response = render(request, "console/api_tokens.html", context)
    add_never_cache_headers(response)  # the secret must not stay in a cache
    return response


@staff_required
@require_POST
def api_token_revoke(request: HttpRequest, user: User, token_id: int) -> HttpResponse:
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
    return redirect("console:api_tokens")
