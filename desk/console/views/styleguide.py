"""The styleguide: every component of the portal and the console on one page, in English and
in Russian, drawn by the same template includes the pages use, so a change shows here at once.

The staff admin only (a superuser: engineers are `is_staff` too, for the Django admin);
everyone else gets 404, as everywhere in the console. Nothing is
saved: the tickets, orders and form are unsaved examples.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from functools import wraps
from typing import Any

from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from desk.accounts.models import Engineer, User
from desk.billing.models import Order, OrderStatus
from desk.catalog.models import Plan
from desk.console.views.tickets import Countdown, _countdown
from desk.core import clock
from desk.reports.charts import BarChart, Series, bar_chart
from desk.stores.models import Store
from desk.tickets.clock.reply_clock import TimeLeft
from desk.tickets.models import Status, Ticket, UnroutedReason

LANGUAGES = ("en", "ru")


def superuser_only(
    view: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Pass on an active superuser; anyone else (engineers and customers too) gets 404."""

    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        user = request.user
        if not (isinstance(user, User) and user.is_active and user.is_superuser):
            raise Http404
        return view(request)

    return wrapper


class SampleForm(forms.Form):
    """Each state of a form control: plain, with help, with an error, required, choices."""

    email = forms.EmailField(
        label=gettext_lazy("Email"), help_text=gettext_lazy("We will reply to this address.")
    )
    store = forms.CharField(label=pgettext_lazy("styleguide", "Store URL"))
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Status.choices)
    body = forms.CharField(label=pgettext_lazy("styleguide", "Message"), widget=forms.Textarea)
    hotrush = forms.BooleanField(label=gettext_lazy("Hotrush"), required=False)


@superuser_only
@require_GET
def styleguide(request: HttpRequest) -> HttpResponse:
    kits = []
    for language in LANGUAGES:
        with translation.override(language):
            kits.append((language, _kit(language)))
    return render(request, "console/styleguide.html", {"kits": kits})


def _kit(language: str) -> dict[str, Any]:
    now = clock.now()
    form = SampleForm(
        {
            f"{language}-email": "anna@example",  # not an address: the error state
            f"{language}-store": "https://shop.example",
            f"{language}-subject": "",  # required: the error state
            f"{language}-status": "waiting",
            f"{language}-body": "…",
        },
        prefix=language,
    )
    form.is_valid()  # so that the error states show
    left = {
        "running": TimeLeft(seconds=5 * 3600 + 20 * 60, is_overdue=False, is_working_now=True),
        "urgent": TimeLeft(seconds=35 * 60, is_overdue=False, is_working_now=True),
        "overdue": TimeLeft(seconds=15 * 60, is_overdue=True, is_working_now=True),
        "paused": TimeLeft(seconds=90 * 60, is_overdue=False, is_working_now=True, is_paused=True),
    }
    due = Ticket(reply_due_at=now + timedelta(hours=5))
    return {
        "form": form,
        "tickets": [Ticket(status=status) for status in Status],
        "hotrush": Ticket(status=Status.OPEN, is_hotrush=True),
        "orders": [Order(status=status) for status in OrderStatus],
        "plans": list(Plan.objects.order_by("kind", "price")),
        "countdowns": [(Ticket(), _countdown(time_left)) for time_left in left.values()],
        "due": due,
        "page_obj": Paginator(range(95), 10).page(3),
        "chart": _sample_chart(),
        "queue_rows": _sample_queue(language, now, left),
        "messages": [
            Message(constants.SUCCESS, _("Reply sent.")),
            Message(constants.INFO, _("This subscription was not flagged (any more).")),
            Message(constants.WARNING, _("The time zone picker keeps your choice.")),
            Message(constants.ERROR, _("Nothing was saved: correct the fields below.")),
        ],
    }


def _sample_queue(
    language: str, now: datetime, left: dict[str, TimeLeft]
) -> list[tuple[Ticket, Countdown | None]]:
    """Queue rows as the queue draws them: long names and hosts, an IDN store, each entitlement,
    assigned and unassigned (with the reason routing gave). Ids differ per language (one page)."""
    first = 900_001 if language == "en" else 900_101
    anna = User(full_name="Анна Кузнецова-Петрова", email="anna@example.com")
    erin = Engineer(user=User(full_name="Erin Engineer", email="erin@example.com"))
    rows = [
        (
            Ticket(
                subject=_("Shipping rates vanish at checkout after the update"),
                customer=User(
                    full_name="Alexander Long", email="alexander.longname@shop-example.com"
                ),
                store=Store(canonical_url="very-long-store-name.shop-example.com"),
                language="en",
                entitlement_kind="subscription",
                status=Status.OPEN,
                is_hotrush=True,
                assignee=erin,
                created_at=now - timedelta(hours=3),
            ),
            left["urgent"],
        ),
        (
            Ticket(
                subject=_("The invoice page is blank on a phone"),
                customer=anna,
                store=Store(canonical_url="xn--80aairftm.xn--p1ai"),
                language="ru",
                entitlement_kind="incident",
                credit_priority="urgent",
                status=Status.NEW,
                unrouted_reason=UnroutedReason.NO_SPEAKER,
                created_at=now - timedelta(days=2),
            ),
            left["overdue"],
        ),
        (
            Ticket(
                subject=_("How do I move my store to another host?"),
                customer=anna,
                store=Store(canonical_url="shop.example"),
                language="en",
                entitlement_kind="incident",
                credit_priority="normal",
                status=Status.WAITING,
                assignee=erin,
                created_at=now - timedelta(days=9),
            ),
            left["paused"],
        ),
    ]
    for number, (ticket, time_left) in enumerate(rows):
        ticket.pk = first + number
        due_in = timedelta(seconds=time_left.seconds)
        ticket.reply_due_at = now - due_in if time_left.is_overdue else now + due_in
    return [(ticket, _countdown(time_left)) for ticket, time_left in rows]


def _sample_chart() -> BarChart:
    weeks = [_("Week %(number)d") % {"number": number} for number in range(45, 51)]
    return bar_chart(
        weeks,
        [
            Series(_("Common inquiry"), [12, 9, 15, 11, 0, 7]),
            Series(_("Hotrush"), [3, 5, 2, 6, 1, 4]),
            Series(_("Net"), [Decimal("-40.00"), 0, 0, 0, 0, 0], plotted=False),
        ],
        description=_("First replies by week (an example)"),
        unit=_("First replies"),
        category_title=_("Week"),
    )
