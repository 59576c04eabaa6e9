"""Outgoing webhooks in the console (staff: engineers and superusers): register an endpoint,
read its secret and delivery log (every attempt: status code, duration, error, the start of the
answer), send a delivery again, turn the endpoint off and on."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from desk.accounts.models import User
from desk.console.views.orders import staff_required
from desk.core.errors import DeskError, NotFound
from desk.webhooks import services
from desk.webhooks.access import access_delivery, access_endpoint
from desk.webhooks.models import EventType
from desk.webhooks.selectors import deliveries_of, endpoints


class EndpointForm(forms.Form):
    url = forms.CharField(label=gettext_lazy("URL"), max_length=500)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def add_service_error(self, error: DeskError) -> None:
        field = error.params.get("field") or ("url" if error.code.startswith("fetch_") else None)
        self.add_error(field if field in self.fields else None, error.message)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def webhook_list(request: HttpRequest, user: User) -> HttpResponse:
    form = EndpointForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            endpoint = services.register_endpoint(
                actor=user,
                url=form.cleaned_data["url"],
                event_types=form.cleaned_data["event_types"],
                description=form.cleaned_data["description"],
            )
        except DeskError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The endpoint is registered."))
            return redirect("console:webhook", endpoint_id=endpoint.pk)
    context = {"form": form, "endpoints": endpoints()}
    return render(request, "console/webhooks/list.html", context)


@staff_required
@require_http_methods(["GET", "HEAD"])
def webhook_detail(request: HttpRequest, user: User, endpoint_id: int) -> HttpResponse:
    try:
        endpoint = access_endpoint(user, endpoint_id)
    except NotFound as exc:
        raise Http404 from exc
    labels = dict(EventType.choices)
    context = {
        "endpoint": endpoint,
        "event_labels": [labels.get(kind, kind) for kind in endpoint.event_types],
        "deliveries": deliveries_of(endpoint),
    }
    response = render(request, "console/webhooks/detail.html", context)
    add_never_cache_headers(response)  # the page shows the signing secret
    return response


@staff_required
@require_POST
def webhook_toggle(request: HttpRequest, user: User, endpoint_id: int) -> HttpResponse:
    try:
        endpoint = access_endpoint(user, endpoint_id)
    except NotFound as exc:
        raise Http404 from exc
    active = request.POST.get("active") == "1"
    services.set_endpoint_active(actor=user, endpoint=endpoint, active=active)
    messages.success(
        request, _("The endpoint is enabled.") if active else _("The endpoint is disabled.")
    )
    return redirect("console:webhook", endpoint_id=endpoint.pk)


@staff_required
@require_POST
def webhook_redeliver(request: HttpRequest, user: User, delivery_id: int) -> HttpResponse:
    try:
        delivery = access_delivery(user, delivery_id)
    except NotFound as exc:
        raise Http404 from exc
    try:
        services.redeliver(actor=user, delivery=delivery)
    except DeskError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The event was sent again; see the log below."))
    return redirect("console:webhook", endpoint_id=delivery.endpoint_id)
