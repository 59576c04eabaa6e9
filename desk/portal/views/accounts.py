"""Sign up, sign in/out, password reset, preferences and the language switcher.

Thin: Django's auth views do the session work; every change of a user goes through
desk.accounts.services.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from desk.accounts import services, throttle
from desk.accounts.forms import throttled_message
from desk.accounts.models import User
from desk.core.errors import DeskError
from desk.portal.forms.accounts import (
    DEFAULT_TIME_ZONE,
    EmailAuthenticationForm,
    LocalizedPasswordResetForm,
    NewPasswordForm,
    PreferencesForm,
    SignupForm,
)
from desk.portal.navigation import answers_get, landing_url
from desk.portal.signup import confirm_signup, request_signup


class SignInView(auth_views.LoginView):
    template_name = "portal/accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if isinstance(form, EmailAuthenticationForm) and form.is_throttled:
            response.status_code = 429
        return response

    def get_redirect_url(self) -> str:
        # A form posted while signed out (add a store) sends its POST-only address as `next`:
        # after sign-in the browser would GET it and meet a 405, so such a `next` is dropped.
        target = super().get_redirect_url()
        return target if target and answers_get(target) else ""

    def get_default_redirect_url(self) -> str:
        """Engineers start at the queue, a staff admin at the orders, customers at home."""
        return landing_url(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # A visitor sent here by "Buy now" without an account keeps their way back after sign-up.
        context["signup_url"] = _with_next("portal:signup", self.get_redirect_url())
        return context


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET with 405)."""


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LocalizedPasswordResetForm
    template_name = "portal/accounts/password_reset_form.html"
    # LocalizedPasswordResetForm picks the `.en.txt` / `.ru.txt` variant of these names.
    success_url = reverse_lazy("portal:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = throttle.public_form_wait(request, "password_reset")
        if wait:
            form = self.get_form()
            return _throttled(request, self.template_name, wait, form=form)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "portal/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/accounts/password_reset_complete.html"


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:home")
    initial = {"language": translation.get_language(), "time_zone": DEFAULT_TIME_ZONE}
    form = SignupForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and (wait := throttle.public_form_wait(request, "signup")):
        return _throttled(request, "portal/accounts/signup.html", wait, form=form)
    if form.is_valid():
        try:
            request_signup(**form.registration(), next_url=_safe_next(request, default=""))
        except DeskError as error:
            form.add_service_error(error)
        else:
            # The same answer whether the address has an account or not: the mail tells.
            return redirect("portal:signup_sent")
    login_url = _with_next("portal:login", _safe_next(request, default=""))
    return render(request, "portal/accounts/signup.html", {"form": form, "login_url": login_url})


@require_http_methods(["GET", "HEAD"])
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accounts/signup_sent.html")


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button (link scanners must not activate accounts); POST activates the
    account and signs its owner in. The token dies once used (sign-in changes last_login)."""
    user = _user_from_link(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "portal/accounts/signup_confirm.html", {"valid": False}, status=400)
    if request.method != "POST":
        return render(request, "portal/accounts/signup_confirm.html", {"valid": True})
    confirm_signup(user=user)
    login(request, user, backend="desk.accounts.backends.ThrottledEmailBackend")
    return _remember_language(redirect(_safe_next(request)), user.language)


def _user_from_link(uidb64: str) -> User | None:
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=pk).first()


def _throttled(request: HttpRequest, template: str, wait: int, **context: Any) -> HttpResponse:
    context["throttled"] = throttled_message(wait)
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    initial = {"full_name": user.full_name, "language": user.language, "time_zone": user.time_zone}
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            services.update_preferences(user=user, **form.cleaned_data)
        except DeskError as error:
            form.add_service_error(error)
        else:
            with translation.override(user.language):
                messages.success(request, _("Your preferences have been saved."))
            return _remember_language(redirect("portal:account"), user.language)
    return render(request, "portal/accounts/account.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Like django.views.i18n.set_language, and a signed-in user's choice is kept on the account."""
    response = HttpResponseRedirect(_safe_next(request))
    language = request.POST.get("language", "")
    try:
        if isinstance(request.user, User):
            services.change_language(user=request.user, language=language)
        else:
            services.check_language(language)
    except DeskError as error:
        messages.error(request, error.message)
        return response
    return _remember_language(response, language)


def _signed_in_user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _safe_next(request: HttpRequest, default: str | None = None) -> str:
    """The `next` parameter when it points at this site, else `default` (the home page)."""
    target = request.POST.get("next") or request.GET.get("next")
    if (
        target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and answers_get(target)
    ):
        return target
    return reverse("portal:home") if default is None else default


def _with_next(url_name: str, target: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """The language cookie keeps the choice after sign-out (LocaleMiddleware reads it)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
