"""Staff API tokens: their own personal tokens and the service tokens of everyone (engineer
scope, or bound to a customer). The secret is shown once, on the answer that created it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from desk.accounts.models import User
from desk.console.views.orders import staff_required
from desk.tokens import services
from desk.tokens.forms import TokenForm
from desk.tokens.pages import revoke_token_page, token_page
from desk.tokens.selectors import tokens_for_staff
from desk.tokens.services import IssuedToken


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest, user: User) -> HttpResponse:
    def issue(form: TokenForm) -> IssuedToken:
        fields = form.cleaned_data
        if request.POST.get("kind") == "service":
            return services.issue_service_token(
                staff=user,
                name=fields["name"],
                scope=fields["scope"],
                expires_in_days=form.expires_in_days(),
                customer_email=fields.get("customer") or "",
            )
        return services.issue_personal_token(
            user=user,
            name=fields["name"],
            scope=fields["scope"],
            expires_in_days=form.expires_in_days(),
        )

    return token_page(
        request,
        template="console/api_tokens.html",
        tokens=tokens_for_staff(user),
        issue=issue,
        revoke_url="console:api_token_revoke",
        service=True,
    )


@staff_required
@require_POST
def api_token_revoke(request: HttpRequest, user: User, token_id: int) -> HttpResponse:
    return revoke_token_page(request, user=user, token_id=token_id, back="console:api_tokens")
