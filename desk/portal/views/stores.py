"""Removing a store added by mistake: a confirmation page (GET), then the removal (POST).
`desk.stores.services.remove_store` decides; a store with history is refused and kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from desk.accounts.models import User
from desk.core.errors import DeskError, NotFound
from desk.stores import services as store_services
from desk.stores.access import access_store


@login_required
@require_http_methods(["GET", "POST"])
def store_remove(request: HttpRequest, store_id: int) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):  # login_required ran first; this narrows the type
        raise Http404
    try:
        store = access_store(user, store_id)
    except NotFound as exc:  # another customer's store is the same 404 as a missing one
        raise Http404 from exc
    error = None
    if request.method == "POST":
        url = store.display_url
        try:
            store_services.remove_store(store=store)
        except DeskError as refused:
            error = refused
        else:
            messages.success(request, _("Store %(store)s removed.") % {"store": url})
            return redirect("portal:stores")
    context = {"store": store, "error": error}
    return render(
        request, "portal/commerce/store_remove.html", context, status=error.status if error else 200
    )
