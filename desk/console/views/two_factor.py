"""Staff turn on two-factor sign-in (TOTP): start (a new secret, shown once with its otpauth
URI for the authenticator app), then confirm with the first code. Required to view server
access details. Engineers and superusers only; anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods

from desk.accounts import two_factor
from desk.accounts.models import StaffTotp, User
from desk.console.views.orders import staff_required
from desk.core.errors import DeskError


@staff_required
@require_http_methods(["GET", "POST"])
@sensitive_variables("totp", "context")
def two_factor_setup(request: HttpRequest, user: User) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "start":
        two_factor.begin(user=user)
    elif action == "confirm":
        try:
            two_factor.confirm(user=user, code=request.POST.get("code", ""))
        except DeskError as error:
            messages.error(request, error.message)
        else:
            two_factor.mark_session(request.session, user)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("console:two_factor")
    elif request.method == "POST":
        messages.error(request, _("Choose what to do."))
        return redirect("console:two_factor")
    totp = StaffTotp.objects.filter(user=user).first()
    context: dict[str, object] = {
        "enabled": bool(totp and totp.is_confirmed),
        "session_verified": two_factor.session_has_second_factor(request.session, user),
        "pending_secret": totp.secret if totp and not totp.is_confirmed else "",
        "pending_uri": two_factor.provisioning_uri(totp) if totp and not totp.is_confirmed else "",
    }
    response = render(request, "console/two_factor.html", context)
    add_never_cache_headers(response)
    return response
