"""Public pages: landing, pricing (from the catalog), service scope, contact, live-call terms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from desk.accounts import selectors as account_selectors
from desk.calls import rules as call_rules
from desk.catalog import selectors as catalog_selectors
from desk.catalog.models import Plan
from desk.portal.views.hours import hours_context
from desk.sla import timetable
from desk.tickets.scope import NOT_INCLUDED, Category


@dataclass(frozen=True, slots=True)
class Offer:
    """A plan as the pricing pages show it, in the viewer's language."""

    code: str
    name: str
    price: str
    term: str
    is_subscription: bool
    allows_hotrush: bool
    includes_calls: bool
    includes_installation: bool


@dataclass(frozen=True, slots=True)
class Feature:
    """One row of the comparison table: a label and one value per offer (bool = tick or cross)."""

    label: str
    values: Sequence[bool | str]


@dataclass(frozen=True, slots=True)
class PhoneLine:
    """A published line: `label` in the viewer's language, `number` as published, `href` the
    `tel:` link with the E.164 number."""

    label: str
    number: str
    href: str


@dataclass(frozen=True, slots=True)
class DepartmentContact:
    code: str
    name: str
    channel: str
    email: str
    lines: Sequence[PhoneLine]
    needs_entitlement: bool


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def _term(plan: Plan) -> str:
    months = plan.period_months or 0
    if not plan.is_subscription or months < 1:
        return _("One incident, until resolved")
    if months % 12 == 0:
        years = months // 12
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}


def _offers() -> list[Offer]:
    language = _language()
    return [
        Offer(
            code=plan.code,
            name=plan.localized_name(language),
            price=str(plan.money),
            term=_term(plan),
            is_subscription=plan.is_subscription,
            allows_hotrush=plan.allows_hotrush,
            includes_calls=plan.includes_calls,
            includes_installation=plan.includes_installation,
        )
        for plan in catalog_selectors.plans_on_sale()
    ]


def _call_limit() -> str:
    """The cap the booking enforces (desk.calls.rules), in words."""
    return timetable.call_limit_label(call_rules.CAP_MINUTES)


def _comparison(offers: list[Offer]) -> list[Feature]:
    unlimited = _("Unlimited, under a fair use policy")
    one_request = _("One request")
    return [
        Feature(_("Price"), [offer.price for offer in offers]),
        Feature(_("Term"), [offer.term for offer in offers]),
        Feature(_("Inquiries"), [unlimited if o.is_subscription else one_request for o in offers]),
        Feature(_("Email reply within 1 business day"), [True for _offer in offers]),
        Feature(_("Hotrush: reply within 2 working hours"), [o.allows_hotrush for o in offers]),
        Feature(_("Live call"), [o.includes_calls for o in offers]),
        Feature(
            _("Live calls per incident"),
            [_call_limit() if o.includes_calls else False for o in offers],
        ),
        Feature(_("Installation included"), [o.includes_installation for o in offers]),
    ]


def _by_offer(offers: list[Offer], features: list[Feature]) -> list[tuple[Offer, list[Feature]]]:
    """The comparison turned on its side, one card per offer on a phone: each offer with its
    features, one value each."""
    return [
        (offer, [Feature(feature.label, [feature.values[index]]) for feature in features])
        for index, offer in enumerate(offers)
    ]


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/public/home.html", {"offers": _offers()})


@require_safe
def pricing(request: HttpRequest) -> HttpResponse:
    offers = _offers()
    comparison = _comparison(offers)
    context = {
        "offers": offers,
        "subscriptions": [offer for offer in offers if offer.is_subscription],
        "incidents": [offer for offer in offers if not offer.is_subscription],
        "comparison": comparison,
        "comparison_by_offer": _by_offer(offers, comparison),
        "bug_tracker_url": settings.DESK_BUG_TRACKER_URL,
        "call_limit": _call_limit(),
        **hours_context(("support", "calls")),
    }
    return render(request, "portal/public/pricing.html", context)


@require_safe
def scope(request: HttpRequest) -> HttpResponse:
    context = {
        "included": [label for _value, label in Category.choices],
        "not_included": NOT_INCLUDED,
        "bug_tracker_url": settings.DESK_BUG_TRACKER_URL,
    }
    return render(request, "portal/public/scope.html", context)


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    language = _language()
    departments = [
        DepartmentContact(
            code=department.code,
            name=department.localized_name(language),
            channel=department.get_channel_display(),
            email=department.email,
            lines=[
                PhoneLine(line.localized_label(language), line.number, line.tel_href)
                for line in department.contact_lines.all()
            ],
            needs_entitlement=department.requires_entitlement,
        )
        for department in account_selectors.departments_for_contact()
    ]
    context = {
        "departments": departments,
        **hours_context(),
    }
    return render(request, "portal/public/contact.html", context)


@require_safe
def call_terms(request: HttpRequest) -> HttpResponse:
    language = _language()
    context = {
        "plans_with_calls": [
            plan.localized_name(language)
            for plan in catalog_selectors.plans_on_sale().filter(includes_calls=True)
        ],
        "call_limit": _call_limit(),
        "call_lengths": ", ".join(str(minutes) for minutes in call_rules.DURATIONS),
        "call_cutoff_hours": int(call_rules.CHANGE_CUTOFF.total_seconds() // 3600),
        "call_reminder_minutes": int(call_rules.REMINDER_LEAD.total_seconds() // 60),
        **hours_context(("calls",)),
    }
    return render(request, "portal/public/call_terms.html", context)
