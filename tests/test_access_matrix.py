"""Who reaches what: every URL pattern, walked as anonymous, Alice, Bob and an engineer.

The patterns come from the resolver, not from a list kept by hand: a pattern added without a row
in `TABLE` fails `test_every_url_pattern_is_classified` (and its own matrix case) with
"unclassified URL pattern". Each row says how to fill the pattern's kwargs (Alice's objects) and
the exact answer per persona. Besides the status, every answer to anyone but Alice (and, outside
the console, the engineer) is searched for Alice's private markers; Alice's own answers for the
internal note. The admin's many patterns share one rule, checked by the `test_admin_*` tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.views.static import serve as static_serve

from desk.api.tests.documented import assert_answer_documented
from desk.core import clock
from desk.schedules.models import TimeOff
from desk.tickets import visitor_links
from desk.tickets.tests.builders import upload
from tests.conftest import PERSONAS, World, rolled_back

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

# --- the patterns, as the resolver knows them ---------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    route: str  # as ResolverMatch.route spells it: "requests/<int:ticket_id>/"
    name: str  # namespaced: "portal:ticket"; "" when unnamed

    @property
    def key(self) -> str:
        # Names are not unique (ninja repeats one URL per operation, and reuses names such as
        # `get_ticket` in two routers), so the route is part of the key.
        return f"/{self.route} {self.name}".rstrip()


def _join(prefix: str, route: str) -> str:
    # How Django's resolver joins routes into ResolverMatch.route.
    return prefix + route.removeprefix("^") if prefix else route


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[Endpoint]:
    for pattern in patterns:
        route = _join(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from _walk(pattern.url_patterns, route, inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Endpoint(route, name or "")


def all_endpoints() -> list[Endpoint]:
    return list(_walk(get_resolver().url_patterns))


def is_admin(endpoint: Endpoint) -> bool:
    return endpoint.name.startswith("admin:") or endpoint.route.startswith("admin/")


def is_static(endpoint: Endpoint) -> bool:
    """Static files are public; WhiteNoise serves them today, without a pattern. (Uploaded
    files must never have one: `test_uploaded_files_are_never_served_by_a_url_pattern`.)"""
    prefix = settings.STATIC_URL.lstrip("/")
    return bool(prefix) and endpoint.route.startswith(prefix)


# --- expected answers ---------------------------------------------------------------------------

Location = Callable[[World, str], str]  # (world, requested path) -> the exact Location header


@dataclass(frozen=True)
class Outcome:
    status: int
    location: Location | None = None


def _login(world: World, path: str) -> str:
    return f"{reverse('portal:login')}?next={quote(path, safe='/')}"


def _to(name: str, **from_world: Callable[[World], object]) -> Outcome:
    def location(world: World, path: str) -> str:
        return reverse(name, kwargs={key: get(world) for key, get in from_world.items()})

    return Outcome(302, location)


OK = Outcome(200)
CREATED = Outcome(201)
BAD = Outcome(400)
UNAUTHORIZED = Outcome(401)
FORBIDDEN = Outcome(403)
NOT_FOUND = Outcome(404)
UNHEALTHY = Outcome(503)
TO_LOGIN = Outcome(302, _login)
TO_HOME = _to("portal:home")
TO_ROOT = Outcome(302, lambda world, path: "/")
TO_ALICE_TICKET = _to("portal:ticket", ticket_id=lambda w: w.alice_ticket.pk)
TO_ALICE_ORDER = _to("portal:order", order_id=lambda w: w.alice_order.pk)
TO_CONSOLE_TICKET = _to("console:ticket", ticket_id=lambda w: w.alice_ticket.pk)
TO_ALICE_QUOTE_TICKET = _to("portal:ticket", ticket_id=lambda w: w.alice_quote.ticket_id)

Values = Callable[[World], dict[str, Any]]


def _nothing(world: World) -> dict[str, Any]:
    return {}


def ticket_kwargs(world: World) -> dict[str, Any]:
    return {"ticket_id": world.alice_ticket.pk}


def order_kwargs(world: World) -> dict[str, Any]:
    return {"order_id": world.alice_order.pk}


def store_kwargs(world: World) -> dict[str, Any]:
    return {"store_id": world.alice_store.pk}


def quote_kwargs(world: World) -> dict[str, Any]:
    return {"quote_id": world.alice_quote.pk}


def quote_ticket_kwargs(world: World) -> dict[str, Any]:
    return {"ticket_id": world.alice_quote.ticket_id}


def _published_article(world: World) -> Any:
    """A public English article (the knowledge base is otherwise empty in the test world)."""
    from desk.kb import services as kb_services
    from desk.kb.checks import TranslationInput
    from desk.kb.models import ArticleTranslation

    found = ArticleTranslation.objects.filter(language="en", slug="matrix-article").first()
    return found or kb_services.create_article(
        author=None,
        fields=TranslationInput(
            language="en", title="Matrix article", body="Text.", status="published"
        ),
    )


def _engineers_reply(world: World) -> Any:
    from desk.tickets import services as ticket_services
    from desk.tickets.models import MessageKind

    found = world.alice_ticket.messages.filter(kind=MessageKind.REPLY).first()
    return found or ticket_services.reply(
        ticket=world.alice_ticket, engineer=world.engineer, body="Clear the cache, please."
    )


def _to_newest_article(world: World, path: str) -> str:
    from desk.kb.models import ArticleTranslation

    return reverse("console:kb_edit", args=[ArticleTranslation.objects.latest("id").pk])


def _to_kb(language: str) -> Outcome:
    return Outcome(302, lambda world, path: f"/kb/{language}/")


def _quote_data(world: World) -> dict[str, Any]:
    return {"description": "Custom module", "amount": "99.00", "reason": "Custom development."}


@dataclass(frozen=True)
class Row:
    """The answers to anonymous, Alice, Bob and the engineer, in that order."""

    anonymous: Outcome
    alice: Outcome
    bob: Outcome
    engineer: Outcome
    method: str = "GET"
    kwargs: Values = _nothing
    query: Values = _nothing
    data: Values = _nothing  # form fields (a POST row without `data` posts an empty form)
    json: bool = False  # send `data` as a JSON body
    path: str | None = None  # for regex patterns: the path to request
    staff_view: bool = False  # the engineer may receive Alice's data here (console)
    shows: tuple[str, ...] = ()  # Alice's markers her 2xx (or the engineer's, on staff views) holds

    def outcome(self, persona: str) -> Outcome:
        return {
            "anonymous": self.anonymous,
            "alice": self.alice,
            "bob": self.bob,
            "engineer": self.engineer,
        }[persona]


def public(**options: Any) -> Row:
    return Row(OK, OK, OK, OK, **options)


def signed_in(**options: Any) -> Row:
    """A page of the signed-in user's own things: each customer sees only theirs."""
    return Row(TO_LOGIN, OK, OK, OK, **options)


def alices(**options: Any) -> Row:
    """One of Alice's objects in the portal: nobody else may know that it exists."""
    return Row(TO_LOGIN, OK, NOT_FOUND, NOT_FOUND, **options)


def console(engineer: Outcome = OK, **options: Any) -> Row:
    """The console hides itself: 404 to everyone but engineers."""
    return Row(NOT_FOUND, NOT_FOUND, NOT_FOUND, engineer, staff_view=True, **options)


def api_signed_in(alice: Outcome = OK, others: Outcome = OK, **options: Any) -> Row:
    return Row(UNAUTHORIZED, alice, others, others, json=True, **options)


def api_alices(alice: Outcome = OK, **options: Any) -> Row:
    return Row(UNAUTHORIZED, alice, NOT_FOUND, NOT_FOUND, json=True, **options)


def api_console(engineer: Outcome = OK, **options: Any) -> Row:
    return Row(UNAUTHORIZED, NOT_FOUND, NOT_FOUND, engineer, json=True, staff_view=True, **options)


def alice_order_received(world: World) -> dict[str, Any]:
    """What arrived for Alice's order: its amount, today (a bank transfer, marked paid)."""
    zone = ZoneInfo(world.engineer.user.time_zone)
    today = timezone.localdate(clock.now(), zone)
    return {"amount": str(world.alice_order.amount), "received_on": today.isoformat()}


def _password_reset_kwargs(world: World) -> dict[str, Any]:
    return {"uidb64": "MQ", "token": "not-a-valid-token"}


def _ticket_data(world: World) -> dict[str, Any]:
    return {
        "store_id": world.alice_store.pk,
        "subject": "Shipping rates vanish",
        "body": "Since the update the shipping rates are gone.",
        "category": "configuration",
    }


def _with_file(world: World) -> dict[str, Any]:
    return {"body": "Here is the log.", "files": upload("log.txt", b"log line", "text/plain")}


def _body(text: str) -> Values:
    return lambda world: {"body": text}


def _server_access_data(world: World) -> dict[str, Any]:
    return {"host": "203.0.113.7:22", "protocol": "ssh", "username": "root", "secret": "hunter2"}


def _time_off_data(world: World, day: str) -> dict[str, Any]:
    return {"kind": "day_off", "first_day": day, "last_day": day, "note": "Dentist"}


def _alices_call(world: World) -> Any:
    """A call Alice asked for on her request (stored as it is: the request is not Hotrush, so
    every booking action on it is refused with a code)."""
    from desk.calls.models import Call

    call, _created = Call.objects.get_or_create(
        ticket=world.alice_ticket,
        defaults={
            "handle_kind": "skype",
            "handle": "alice.archer",
            "duration_minutes": 30,
            "windows": ["2099-01-05T07:00:00+00:00"],
            "created_by": world.alice,
        },
    )
    return call


def call_kwargs(world: World) -> dict[str, Any]:
    return {"call_id": _alices_call(world).pk}


def _call_data(world: World) -> dict[str, Any]:
    return {
        "handle_kind": "skype",
        "handle": "alice.archer",
        "duration_minutes": 30,
        "windows": ["2099-01-05T07:00:00Z"],
    }


CONFLICT = Outcome(409)


def _webhook_delivery(world: World) -> Any:
    """An endpoint (never reached: its delivery is stored, not sent) and one delivery to it."""
    from desk.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

    endpoint, _created = WebhookEndpoint.objects.get_or_create(
        url="https://93.184.215.14/hooks", defaults={"secret": "whsec_x", "is_active": False}
    )
    event = WebhookEvent.objects.create(type="order.paid", payload={"order": {"id": 1}})
    return WebhookDelivery.objects.create(event=event, endpoint=endpoint)


def webhook_kwargs(world: World) -> dict[str, Any]:
    return {"endpoint_id": _webhook_delivery(world).endpoint_id}


def webhook_delivery_kwargs(world: World) -> dict[str, Any]:
    return {"delivery_id": _webhook_delivery(world).pk}


def alice_token_kwargs(world: World) -> dict[str, Any]:
    """Alice's personal API token (nobody else may revoke it, or learn that it exists)."""
    from desk.tokens.models import ApiToken
    from desk.tokens.services import issue_personal_token

    token = ApiToken.objects.filter(user=world.alice).first()
    if token is None:
        token = issue_personal_token(
            user=world.alice, name="CI", scope="read", expires_in_days=30
        ).token
    return {"token_id": token.pk}


def _engineers_day_off(world: World) -> TimeOff:
    return TimeOff.objects.get_or_create(
        engineer=world.engineer,
        kind="day_off",
        first_day=date(2099, 6, 1),
        last_day=date(2099, 6, 1),
    )[0]


TABLE: dict[str, Row] = {
    # Django's own language switcher: no account is involved, everyone is sent back.
    "/i18n/setlang/ set_language": Row(TO_ROOT, TO_ROOT, TO_ROOT, TO_ROOT, method="POST"),
    # --- portal: knowledge base (public articles; each persona's language decides /kb/) -----
    "/sitemap.xml portal:sitemap": public(),
    "/robots.txt portal:robots": public(),
    "/kb/ portal:kb": Row(_to_kb("en"), _to_kb("en"), _to_kb("ru"), _to_kb("en")),
    "/kb/<kblang:language>/ portal:kb_index": public(kwargs=lambda w: {"language": "en"}),
    "/kb/<kblang:language>/<slug:slug>/ portal:kb_article": public(
        kwargs=lambda w: {"language": "en", "slug": _published_article(w).slug}
    ),
    "/kb/suggest/ portal:kb_suggest": public(query=lambda w: {"subject": "matrix article"}),
    # "This answered my question" counts for signed-in people (the new-request form's).
    "/kb/answered/<int:translation_id>/ portal:kb_answered": Row(
        NOT_FOUND,
        OK,
        OK,
        OK,
        method="POST",
        kwargs=lambda w: {"translation_id": _published_article(w).pk},
    ),
    # --- knowledge base in the console: engineers write articles and draft them from replies -
    "/console/kb/ console:kb": console(),
    "/console/kb/new/ console:kb_new": console(),
    "/console/kb/<int:translation_id>/ console:kb_edit": console(
        kwargs=lambda w: {"translation_id": _published_article(w).pk}
    ),
    "/console/kb/<int:translation_id>/translate/ console:kb_translate": console(
        kwargs=lambda w: {"translation_id": _published_article(w).pk}
    ),
    (
        "/console/requests/<int:ticket_id>/messages/<int:message_id>/article/"
        " console:kb_from_message"
    ): (
        console(
            Outcome(302, _to_newest_article),
            method="POST",
            kwargs=lambda w: {"ticket_id": w.alice_ticket.pk, "message_id": _engineers_reply(w).pk},
        )
    ),
    "/console/reports/deflection/ console:deflection_report": console(),
    # --- API: documentation and catalog are public; unknown paths are JSON 404s -------------
    "/api/openapi.json api:openapi-json": public(),
    "/api/docs api:openapi-view": public(),
    "/api/ api:api-root": Row(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "/api/(?P<rest>.*)$": Row(
        NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, path="/api/no/such/endpoint"
    ),
    "/api/catalog/plans api:list_plans": public(),
    # --- API: the customer's own things ------------------------------------------------------
    "/api/stores api:list_stores": api_signed_in(shows=("store URL",)),
    "/api/stores api:add_store": api_signed_in(
        CREATED, CREATED, method="POST", data=lambda w: {"url": "fresh-shop.example"}
    ),
    "/api/stores/<store_id> api:get_store": api_alices(kwargs=store_kwargs, shows=("store URL",)),
    "/api/subscriptions api:list_subscriptions": api_signed_in(shows=("store URL",)),
    "/api/credits api:get_credits": api_signed_in(),
    "/api/credits/entries api:list_credit_entries": api_signed_in(),
    "/api/orders api:list_orders": api_signed_in(shows=("invoice number",)),
    "/api/orders api:place_order": api_signed_in(
        CREATED, CREATED, method="POST", data=lambda w: {"plan_code": "incident-normal"}
    ),
    "/api/orders/<order_id> api:get_order": api_alices(
        kwargs=order_kwargs, shows=("invoice number",)
    ),
    "/api/tickets api:list_tickets": api_signed_in(shows=("subject",)),
    # Search: each customer finds only their own words; the engineer also finds internal notes.
    "/api/tickets/search api:search_my_tickets": api_signed_in(
        query=lambda w: {"q": "zebracorn coupon"}, shows=("subject",)
    ),
    "/api/console/search api:search_tickets": api_console(
        query=lambda w: {"q": "zebracorn coupon"}, shows=("subject", "email")
    ),
    # Bob and the engineer name Alice's store: not theirs, so "store not found".
    "/api/tickets api:open_ticket": api_alices(CREATED, method="POST", data=_ticket_data),
    # Anyone signed in may write to Customer Service or Sales: it names no one's store.
    "/api/tickets/department api:open_department_request": api_signed_in(
        CREATED,
        CREATED,
        method="POST",
        data=lambda w: {
            "department": "customer-service",
            "subject": "Invoice address",
            "body": "Please fix it.",
        },
    ),
    "/api/tickets/<ticket_id> api:get_ticket": api_alices(kwargs=ticket_kwargs, shows=("subject",)),
    "/api/tickets/<ticket_id>/messages api:list_messages": api_alices(
        kwargs=ticket_kwargs, shows=("message body",)
    ),
    "/api/tickets/<ticket_id>/messages api:add_message": api_alices(
        CREATED, method="POST", kwargs=ticket_kwargs, data=_body("Still broken, see above.")
    ),
    "/api/tickets/<ticket_id>/messages/files api:add_message_with_files": Row(
        UNAUTHORIZED,
        CREATED,
        NOT_FOUND,
        NOT_FOUND,
        method="POST",
        kwargs=ticket_kwargs,
        data=_with_file,
    ),
    "/api/tickets/<ticket_id>/status api:change_status": api_alices(
        method="POST", kwargs=ticket_kwargs, data=lambda w: {"status": "resolved"}
    ),
    "/api/tickets/<ticket_id>/hotrush api:raise_hotrush": api_alices(
        method="POST", kwargs=ticket_kwargs
    ),
    # Alice's request is about PHP, not an installation: `server_access_not_applicable` (400).
    "/api/tickets/<ticket_id>/server-access api:set_server_access": api_alices(
        BAD, method="POST", kwargs=ticket_kwargs, data=_server_access_data
    ),
    # --- API: the console --------------------------------------------------------------------
    "/api/console/queue api:queue": api_console(shows=("subject",)),
    "/api/console/tickets/<ticket_id> api:get_ticket": api_console(
        kwargs=ticket_kwargs, shows=("subject", "email")
    ),
    "/api/console/tickets/<ticket_id>/messages api:list_messages": api_console(
        kwargs=ticket_kwargs, shows=("message body", "internal note")
    ),
    "/api/console/tickets/<ticket_id>/events api:list_events": api_console(kwargs=ticket_kwargs),
    "/api/console/tickets/<ticket_id>/reply api:reply": api_console(
        CREATED, method="POST", kwargs=ticket_kwargs, data=_body("Please clear the cache.")
    ),
    "/api/console/tickets/<ticket_id>/note api:add_note": api_console(
        CREATED, method="POST", kwargs=ticket_kwargs, data=_body("Looks like a theme issue.")
    ),
    "/api/console/tickets/<ticket_id>/status api:change_status": api_console(
        method="POST", kwargs=ticket_kwargs, data=lambda w: {"status": "open"}
    ),
    "/api/console/tickets/<ticket_id>/assign api:assign": api_console(
        method="POST", kwargs=ticket_kwargs, data=lambda w: {"engineer_id": w.engineer.pk}
    ),
    "/api/console/tickets/<ticket_id>/department api:move_department": api_console(
        method="POST", kwargs=ticket_kwargs, data=lambda w: {"department": "customer-service"}
    ),
    "/api/console/tickets/<ticket_id>/out-of-scope api:rule_out_of_scope": api_console(
        method="POST", kwargs=ticket_kwargs, data=lambda w: {"reason": "Custom development."}
    ),
    "/api/console/tickets/<ticket_id>/bug api:link_bug": api_console(
        method="POST",
        kwargs=ticket_kwargs,
        data=lambda w: {"url": "https://issues.supportdesk.example/42"},
    ),
    # Only the assignee sees server access; Alice's request is unassigned: assign first (403).
    "/api/console/tickets/<ticket_id>/server-access/reveal api:reveal_server_access": api_console(
        FORBIDDEN, method="POST", kwargs=ticket_kwargs
    ),
    "/api/console/orders api:pending_orders": api_console(shows=("invoice number",)),
    "/api/console/orders/<order_id>/mark-paid api:mark_paid": api_console(
        method="POST", kwargs=order_kwargs, data=alice_order_received
    ),
    # Alice's order is pending: refused (409) for the engineer, unseen for everyone else.
    "/api/console/orders/<order_id>/refund api:refund": api_console(
        Outcome(409), method="POST", kwargs=order_kwargs
    ),
    # --- the engineer's own shifts and time off ----------------------------------------------
    "/api/console/shifts api:my_shifts": api_console(),
    "/api/console/time-off api:list_time_off": api_console(),
    "/api/console/time-off api:add_time_off": api_console(
        CREATED, method="POST", data=lambda w: _time_off_data(w, "2099-08-01")
    ),
    "/api/console/time-off/<time_off_id>/remove api:remove_time_off": api_console(
        Outcome(204), method="POST", kwargs=lambda w: {"time_off_id": _engineers_day_off(w).pk}
    ),
    # --- customer satisfaction (issue 13): report, CSV and follow-ups of bad scores -----------
    "/console/reports/satisfaction/ console:csat_report": console(),
    "/console/reports/satisfaction.csv console:csat_csv": console(),
    "/console/satisfaction/follow-ups/ console:csat_follow_ups": console(),
    "/console/satisfaction/follow-ups/<int:follow_up_id>/done/ console:csat_follow_up_done": (
        console(NOT_FOUND, method="POST", kwargs=lambda w: {"follow_up_id": 999_999})
    ),
    # Alice's request is not resolved: no survey (404 `survey_not_found`); only she may rate it.
    "/api/tickets/<ticket_id>/satisfaction api:get_satisfaction": api_alices(
        NOT_FOUND, kwargs=ticket_kwargs
    ),
    "/api/tickets/<ticket_id>/satisfaction api:rate_request": api_alices(
        NOT_FOUND, method="POST", kwargs=ticket_kwargs, data=lambda w: {"score": "good"}
    ),
    "/api/tickets/<ticket_id>/satisfaction/comment api:comment_rating": api_alices(
        NOT_FOUND, method="POST", kwargs=ticket_kwargs, data=lambda w: {"comment": "Thanks"}
    ),
    # --- live calls: Alice's request is not Hotrush, so asking and booking are refused (409) --
    "/api/tickets/<ticket_id>/calls api:list_calls": api_alices(kwargs=ticket_kwargs),
    "/api/tickets/<ticket_id>/calls api:request_call": api_alices(
        CONFLICT, method="POST", kwargs=ticket_kwargs, data=_call_data
    ),
    "/api/tickets/<ticket_id>/calls/slots api:list_slots": api_alices(
        CONFLICT, kwargs=ticket_kwargs
    ),
    "/api/calls/<call_id>/accept api:accept_call": api_alices(
        CONFLICT, method="POST", kwargs=call_kwargs
    ),
    "/api/calls/<call_id>/reschedule api:reschedule_call": api_alices(
        CONFLICT,
        method="POST",
        kwargs=call_kwargs,
        data=lambda w: {"windows": ["2099-01-05T08:00:00Z"]},
    ),
    "/api/calls/<call_id>/cancel api:cancel_call": api_alices(
        method="POST", kwargs=call_kwargs, data=lambda w: {}
    ),
    "/api/console/calls api:console_calls": api_console(),
    "/api/console/tickets/<ticket_id>/calls api:console_ticket_calls": api_console(
        kwargs=ticket_kwargs
    ),
    "/api/console/calls/<call_id>/confirm api:confirm_call": api_console(
        BAD, method="POST", kwargs=call_kwargs, data=lambda w: {"starts_at": "2099-01-06T07:00Z"}
    ),
    "/api/console/calls/<call_id>/propose api:propose_call": api_console(
        CONFLICT,
        method="POST",
        kwargs=call_kwargs,
        data=lambda w: {"starts_at": "2099-01-06T07:00Z"},
    ),
    "/api/console/calls/<call_id>/decline api:decline_call": api_console(
        method="POST", kwargs=call_kwargs, data=lambda w: {"reason": "One call per week"}
    ),
    "/api/console/calls/<call_id>/cancel api:console_cancel_call": api_console(
        method="POST", kwargs=call_kwargs, data=lambda w: {}
    ),
    "/api/console/calls/<call_id>/held api:record_held": api_console(
        CONFLICT, method="POST", kwargs=call_kwargs, data=lambda w: {"minutes_used": 30}
    ),
    "/api/console/calls/<call_id>/missed api:record_missed": api_console(
        CONFLICT, method="POST", kwargs=call_kwargs
    ),
    "/requests/<int:ticket_id>/calls/ portal:call_request": Row(
        TO_LOGIN, BAD, NOT_FOUND, NOT_FOUND, method="POST", kwargs=ticket_kwargs
    ),
    "/calls/<int:call_id>/accept/ portal:call_accept": Row(
        TO_LOGIN, TO_ALICE_TICKET, NOT_FOUND, NOT_FOUND, method="POST", kwargs=call_kwargs
    ),
    "/calls/<int:call_id>/reschedule/ portal:call_reschedule": Row(
        TO_LOGIN, TO_ALICE_TICKET, NOT_FOUND, NOT_FOUND, method="POST", kwargs=call_kwargs
    ),
    "/calls/<int:call_id>/cancel/ portal:call_cancel": Row(
        TO_LOGIN, TO_ALICE_TICKET, NOT_FOUND, NOT_FOUND, method="POST", kwargs=call_kwargs
    ),
    # A call never confirmed has no invite.
    "/calls/<int:call_id>/invite.ics portal:call_invite": Row(
        TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, kwargs=call_kwargs
    ),
    "/console/calls/ console:calls": console(),
    "/console/calls/<int:call_id>/confirm/ console:call_confirm": console(
        TO_CONSOLE_TICKET, method="POST", kwargs=call_kwargs
    ),
    "/console/calls/<int:call_id>/propose/ console:call_propose": console(
        TO_CONSOLE_TICKET, method="POST", kwargs=call_kwargs
    ),
    "/console/calls/<int:call_id>/decline/ console:call_decline": console(
        TO_CONSOLE_TICKET, method="POST", kwargs=call_kwargs
    ),
    "/console/calls/<int:call_id>/cancel/ console:call_cancel": console(
        TO_CONSOLE_TICKET, method="POST", kwargs=call_kwargs
    ),
    "/console/calls/<int:call_id>/held/ console:call_held": console(
        TO_CONSOLE_TICKET, method="POST", kwargs=call_kwargs
    ),
    "/console/calls/<int:call_id>/missed/ console:call_missed": console(
        TO_CONSOLE_TICKET, method="POST", kwargs=call_kwargs
    ),
    "/console/calls/<int:call_id>/invite.ics console:call_invite": console(
        NOT_FOUND, kwargs=call_kwargs
    ),
    "/console/reports/calls/ console:calls_report": console(),
    # --- quotes: Alice's offered quote, on a second request of hers ruled out of scope -------
    "/api/tickets/<ticket_id>/quotes api:list_quotes": api_alices(
        kwargs=quote_ticket_kwargs, shows=("quote description",)
    ),
    "/api/quotes/<quote_id>/accept api:accept_quote": api_alices(
        CREATED, method="POST", kwargs=quote_kwargs, data=lambda w: {"provider": "offline"}
    ),
    "/api/quotes/<quote_id>/decline api:decline_quote": api_alices(
        method="POST", kwargs=quote_kwargs, shows=("quote description",)
    ),
    "/api/console/tickets/<ticket_id>/quotes api:console_quotes": api_console(
        kwargs=quote_ticket_kwargs, shows=("quote description",)
    ),
    # Offered on her first request, which the offer rules out of scope.
    "/api/console/tickets/<ticket_id>/quotes api:offer_quote": api_console(
        CREATED, method="POST", kwargs=ticket_kwargs, data=_quote_data
    ),
    "/api/console/quotes/<quote_id>/withdraw api:withdraw_quote": api_console(
        method="POST", kwargs=quote_kwargs, shows=("quote description",)
    ),
    "/console/requests/<int:ticket_id>/quotes/ console:ticket_quote_offer": console(
        BAD, method="POST", kwargs=ticket_kwargs
    ),
    "/console/quotes/<int:quote_id>/withdraw/ console:quote_withdraw": console(
        _to("console:ticket", ticket_id=lambda w: w.alice_quote.ticket_id),
        method="POST",
        kwargs=quote_kwargs,
    ),
    # Without a payment method: refused with a flash, back to her request.
    "/quotes/<int:quote_id>/accept/ portal:quote_accept": Row(
        TO_LOGIN, TO_ALICE_QUOTE_TICKET, NOT_FOUND, NOT_FOUND, method="POST", kwargs=quote_kwargs
    ),
    "/quotes/<int:quote_id>/decline/ portal:quote_decline": Row(
        TO_LOGIN, TO_ALICE_QUOTE_TICKET, NOT_FOUND, NOT_FOUND, method="POST", kwargs=quote_kwargs
    ),
    # --- inbound mail: machines sign the body; a session counts for nothing -----------------
    "/webhooks/inbound-mail/ mail:inbound_mail": Row(
        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, method="POST"
    ),
    "/webhooks/stripe/ portal:stripe_webhook": Row(BAD, BAD, BAD, BAD, method="POST"),
    # --- held mail: Alice confirms mail "from" her; staff see the list -----------------------
    "/mail/held/ mail:held_mails": signed_in(),
    "/mail/held/<int:inbound_id>/ mail:held_mail": alices(
        kwargs=lambda w: {"inbound_id": w.alice_held_mail.pk}, shows=("subject", "message body")
    ),
    "/console/mail/held/ mail:staff_held_mails": console(shows=("email",)),
    # --- operations: no worker beats in the test world, so the health check fails -----------
    "/healthz ops:healthz": Row(UNHEALTHY, UNHEALTHY, UNHEALTHY, UNHEALTHY),
    # --- console -----------------------------------------------------------------------------
    # The console's front door sends a visitor to sign in; its other pages hide from them.
    "/console/ console:queue": Row(
        TO_LOGIN, NOT_FOUND, NOT_FOUND, OK, staff_view=True, shows=("subject",)
    ),
    "/console/requests/<int:ticket_id>/ console:ticket": console(
        kwargs=ticket_kwargs, shows=("subject", "message body", "internal note")
    ),
    "/console/requests/<int:ticket_id>/reply/ console:ticket_reply": console(
        BAD, method="POST", kwargs=ticket_kwargs
    ),
    "/console/requests/<int:ticket_id>/note/ console:ticket_note": console(
        BAD, method="POST", kwargs=ticket_kwargs
    ),
    "/console/requests/<int:ticket_id>/assign/ console:ticket_assign": console(
        TO_CONSOLE_TICKET, method="POST", kwargs=ticket_kwargs
    ),
    "/console/requests/<int:ticket_id>/status/ console:ticket_status": console(
        BAD, method="POST", kwargs=ticket_kwargs
    ),
    "/console/requests/<int:ticket_id>/department/ console:ticket_department": console(
        TO_CONSOLE_TICKET,
        method="POST",
        kwargs=ticket_kwargs,
        data=lambda w: {"department": "customer-service"},
    ),
    "/console/requests/<int:ticket_id>/out-of-scope/ console:ticket_out_of_scope": console(
        BAD, method="POST", kwargs=ticket_kwargs
    ),
    "/console/requests/<int:ticket_id>/bug/ console:ticket_bug": console(
        BAD, method="POST", kwargs=ticket_kwargs
    ),
    # Server access is revealed to the assignee only; Alice's request is unassigned (403).
    "/console/requests/<int:ticket_id>/server-access/ console:ticket_server_access": console(
        FORBIDDEN, method="POST", kwargs=ticket_kwargs
    ),
    # The engineer's desk: canned replies (another's or a missing one: 404), drafts, presence.
    "/console/canned-replies/ console:canned_replies": console(),
    "/console/canned-replies/<int:reply_id>/ console:canned_reply_edit": console(
        NOT_FOUND, kwargs=lambda w: {"reply_id": 999_999}
    ),
    "/console/canned-replies/<int:reply_id>/delete/ console:canned_reply_delete": console(
        NOT_FOUND, method="POST", kwargs=lambda w: {"reply_id": 999_999}
    ),
    "/console/requests/<int:ticket_id>/canned/ console:ticket_canned_insert": console(
        BAD, method="POST", kwargs=ticket_kwargs
    ),
    "/console/requests/<int:ticket_id>/draft/ console:ticket_draft": console(
        method="POST", kwargs=ticket_kwargs, data=lambda w: {"body": "Draft"}
    ),
    "/console/requests/<int:ticket_id>/presence/ console:ticket_presence": console(
        method="POST", kwargs=ticket_kwargs
    ),
    "/console/bulk/ console:queue_bulk": console(_to("console:queue"), method="POST"),
    "/console/search/ console:search": console(
        query=lambda w: {"q": "zebracorn coupon"}, shows=("subject", "email", "store URL")
    ),
    "/console/orders/ console:orders": console(shows=("invoice number", "email")),
    "/console/orders/<int:order_id>/ console:order": console(
        kwargs=order_kwargs, shows=("invoice number", "email")
    ),
    # Without the confirmation tick: refused with a flash, back to the order.
    "/console/orders/<int:order_id>/refund/ console:order_refund": console(
        _to("console:order", order_id=lambda w: w.alice_order.pk),
        method="POST",
        kwargs=order_kwargs,
    ),
    "/console/reports/ console:reports": console(),
    "/console/two-factor/ console:two_factor": console(),
    "/console/api-tokens/ console:api_tokens": console(),
    "/console/webhooks/ console:webhooks": console(),
    "/console/webhooks/<int:endpoint_id>/ console:webhook": console(kwargs=webhook_kwargs),
    # Toggled off (the endpoint stays disabled: nothing is ever sent from here).
    "/console/webhooks/<int:endpoint_id>/active/ console:webhook_toggle": console(
        Outcome(302), method="POST", kwargs=webhook_kwargs
    ),
    # The endpoint is disabled: refused with a flash, back to the endpoint.
    "/console/webhooks/deliveries/<int:delivery_id>/redeliver/ console:webhook_redeliver": console(
        Outcome(302), method="POST", kwargs=webhook_delivery_kwargs
    ),
    "/console/api-tokens/<int:token_id>/revoke/ console:api_token_revoke": console(
        NOT_FOUND, method="POST", kwargs=alice_token_kwargs
    ),
    "/console/reports/sla/ console:sla_report": console(),
    "/console/reports/reply-times/ console:reply_times": console(),
    "/console/reports/backlog/ console:backlog": console(),
    "/console/reports/fair-use/ console:fair_use": console(),
    # Alice's subscription is not flagged: an info flash, back to the report.
    "/console/reports/fair-use/<int:subscription_id>/clear/ console:fair_use_clear": console(
        _to("console:fair_use"),
        method="POST",
        kwargs=lambda w: {"subscription_id": w.alice_subscription.pk},
    ),
    "/console/reports/revenue/ console:revenue": console(),
    "/console/reports/sla/csv/ console:sla_report_csv": console(),
    "/console/reports/reply-times/csv/ console:reply_times_csv": console(),
    "/console/reports/backlog/csv/ console:backlog_csv": console(),
    "/console/reports/revenue/csv/ console:revenue_csv": console(),
    "/console/reports/calls/csv/ console:calls_report_csv": console(),
    "/console/reports/fair-use/csv/ console:fair_use_csv": console(),
    "/console/styleguide/ console:styleguide": console(NOT_FOUND),  # the staff admin's only
    "/console/schedule/ console:schedule": console(),
    "/console/schedule/time-off/ console:time_off_add": console(
        _to("console:schedule"), method="POST", data=lambda w: _time_off_data(w, "2099-09-01")
    ),
    "/console/schedule/time-off/<int:time_off_id>/remove/ console:time_off_remove": console(
        _to("console:schedule"),
        method="POST",
        kwargs=lambda w: {"time_off_id": _engineers_day_off(w).pk},
    ),
    # An empty form (no amount, no date received) is refused on the order page, nothing paid.
    "/console/orders/<int:order_id>/mark-paid/ console:order_mark_paid": console(
        BAD, method="POST", kwargs=order_kwargs
    ),
    # --- portal: public pages ----------------------------------------------------------------
    "/ portal:home": public(),
    "/pricing/ portal:pricing": public(),
    "/scope/ portal:scope": public(),
    "/contact/ portal:contact": public(),
    # Customer Service and Sales without an entitlement: anyone may write (issue 12 point 7).
    "/contact/write/ portal:contact_write": public(),
    # A visitor's follow-up link: a genuine signature over Alice's contract request is no
    # visitor link (only department requests have one): the same 404 for everyone.
    "/requests/visitor/<str:token>/ portal:visitor_request": Row(
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        kwargs=lambda w: {"token": visitor_links.make_token(w.alice_ticket)},
    ),
    # Its files: a genuine signature over Alice's contract request opens none of her files.
    "/requests/visitor/<str:token>/files/<int:attachment_id>/ portal:visitor_attachment": Row(
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        kwargs=lambda w: {
            "token": visitor_links.make_token(w.alice_ticket),
            "attachment_id": w.alice_attachment.pk,
        },
    ),
    "/requests/visitor/<str:token>/files/<int:attachment_id>/preview/ "
    "portal:visitor_attachment_preview": Row(
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        kwargs=lambda w: {
            "token": visitor_links.make_token(w.alice_ticket),
            "attachment_id": w.alice_attachment.pk,
        },
    ),
    "/calls/ portal:call_terms": public(),
    "/hours/local/ portal:local_hours": public(query=lambda w: {"tz": "Asia/Tokyo"}),
    # --- portal: accounts --------------------------------------------------------------------
    "/signup/ portal:signup": Row(OK, TO_HOME, TO_HOME, TO_HOME),
    "/signup/sent/ portal:signup_sent": public(),
    # A link that is not one we mailed: refused for everyone, nothing activated.
    "/signup/confirm/<uidb64>/<token>/ portal:signup_confirm": Row(
        BAD, BAD, BAD, BAD, kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"}
    ),
    "/login/ portal:login": Row(OK, TO_HOME, TO_HOME, _to("console:queue")),
    "/logout/ portal:logout": Row(TO_HOME, TO_HOME, TO_HOME, TO_HOME, method="POST"),
    "/account/ portal:account": signed_in(shows=("email",)),
    "/account/api-tokens/ portal:api_tokens": signed_in(),
    "/account/api-tokens/<int:token_id>/revoke/ portal:api_token_revoke": Row(
        TO_LOGIN,
        _to("portal:api_tokens"),
        NOT_FOUND,
        NOT_FOUND,
        method="POST",
        kwargs=alice_token_kwargs,
    ),
    # An empty choice is refused with a flash message; everyone goes back home.
    "/language/ portal:set_language": Row(TO_HOME, TO_HOME, TO_HOME, TO_HOME, method="POST"),
    "/password-reset/ portal:password_reset": public(),
    "/password-reset/sent/ portal:password_reset_done": public(),
    "/password-reset/complete/ portal:password_reset_complete": public(),
    "/password-reset/<uidb64>/<token>/ portal:password_reset_confirm": public(
        kwargs=_password_reset_kwargs
    ),
    # --- portal: commerce --------------------------------------------------------------------
    "/stores/ portal:stores": signed_in(shows=("store URL",)),
    "/stores/add/ portal:store_add": Row(TO_LOGIN, BAD, BAD, BAD, method="POST"),
    "/stores/<int:store_id>/remove/ portal:store_remove": alices(
        kwargs=store_kwargs, shows=("store URL",)
    ),
    "/buy/<slug:plan_code>/ portal:buy": signed_in(
        kwargs=lambda w: {"plan_code": "subscription-1m"}, shows=("store URL",)
    ),
    "/orders/ portal:orders": signed_in(shows=("invoice number",)),
    "/orders/<int:order_id>/ portal:order": alices(kwargs=order_kwargs, shows=("invoice number",)),
    "/orders/<int:order_id>/pay/ portal:order_pay": Row(
        TO_LOGIN, TO_ALICE_ORDER, NOT_FOUND, NOT_FOUND, method="POST", kwargs=order_kwargs
    ),
    "/orders/<int:order_id>/cancel/ portal:order_cancel": Row(
        TO_LOGIN, TO_ALICE_ORDER, NOT_FOUND, NOT_FOUND, method="POST", kwargs=order_kwargs
    ),
    "/orders/<int:order_id>/invoice.pdf portal:order_invoice_pdf": Row(
        TO_LOGIN, OK, NOT_FOUND, OK, kwargs=order_kwargs, staff_view=True, shows=("invoice number",)
    ),
    "/subscriptions/ portal:subscriptions": signed_in(shows=("store URL",)),
    # Renewing places a new order and starts its checkout (where to depends on the provider).
    "/subscriptions/<int:subscription_id>/renew/ portal:subscription_renew": Row(
        TO_LOGIN,
        Outcome(302),
        NOT_FOUND,
        NOT_FOUND,
        method="POST",
        kwargs=lambda w: {"subscription_id": w.alice_subscription.pk},
    ),
    # --- portal: requests --------------------------------------------------------------------
    "/requests/ portal:tickets": signed_in(shows=("subject",)),
    "/requests/search/ portal:ticket_search": signed_in(
        query=lambda w: {"q": "zebracorn coupon"}, shows=("subject",)
    ),
    "/requests/new/ portal:ticket_new": signed_in(shows=("store URL",)),
    "/requests/new/coverage/ portal:ticket_coverage": alices(
        query=lambda w: {"store": str(w.alice_store.pk)}
    ),
    "/requests/<int:ticket_id>/ portal:ticket": alices(
        kwargs=ticket_kwargs, shows=("subject", "message body")
    ),
    "/requests/<int:ticket_id>/reply/ portal:ticket_reply": Row(
        TO_LOGIN, BAD, NOT_FOUND, NOT_FOUND, method="POST", kwargs=ticket_kwargs
    ),
    "/requests/<int:ticket_id>/status/ portal:ticket_status": Row(
        TO_LOGIN, TO_ALICE_TICKET, NOT_FOUND, NOT_FOUND, method="POST", kwargs=ticket_kwargs
    ),
    "/requests/<int:ticket_id>/hotrush/ portal:ticket_hotrush": Row(
        TO_LOGIN, TO_ALICE_TICKET, NOT_FOUND, NOT_FOUND, method="POST", kwargs=ticket_kwargs
    ),
    # Rating: Alice's request is not resolved, so she is sent back with a message.
    "/requests/<int:ticket_id>/rating/ portal:ticket_rating": Row(
        TO_LOGIN,
        TO_ALICE_TICKET,
        NOT_FOUND,
        NOT_FOUND,
        method="POST",
        kwargs=ticket_kwargs,
        data=lambda w: {"score": "good"},
    ),
    "/requests/<int:ticket_id>/rating/comment/ portal:ticket_rating_comment": Row(
        TO_LOGIN,
        TO_ALICE_TICKET,
        NOT_FOUND,
        NOT_FOUND,
        method="POST",
        kwargs=ticket_kwargs,
        data=lambda w: {"comment": "Thanks"},
    ),
    # Rating links from the survey mail: anyone may follow one; a forged one is refused (400).
    "/survey/<str:token>/ portal:survey": Row(
        BAD, BAD, BAD, BAD, kwargs=lambda w: {"token": "forged:token"}
    ),
    "/survey/<str:token>/comment/ portal:survey_comment": Row(
        BAD, BAD, BAD, BAD, method="POST", kwargs=lambda w: {"token": "forged:token"}
    ),
    # Only installation requests have a server access page; Alice's request is about PHP.
    "/requests/<int:ticket_id>/server-access/ portal:ticket_server_access": Row(
        TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, kwargs=ticket_kwargs
    ),
    # Shared with the console: engineers download every file, customers their public ones.
    "/attachments/<int:attachment_id>/ portal:attachment": Row(
        TO_LOGIN,
        OK,
        NOT_FOUND,
        OK,
        kwargs=lambda w: {"attachment_id": w.alice_attachment.pk},
        staff_view=True,
        shows=("attachment bytes",),
    ),
    # Alice's file is text, not an image: no preview for anyone (images: test_attachment_preview).
    "/attachments/<int:attachment_id>/preview/ portal:attachment_preview": Row(
        TO_LOGIN,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        kwargs=lambda w: {"attachment_id": w.alice_attachment.pk},
    ),
}


# --- making the request -------------------------------------------------------------------------

_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def url_of(endpoint: Endpoint, row: Row, world: World) -> str:
    if row.path is not None:
        return row.path
    values = row.kwargs(world)
    return "/" + _PARAMETER.sub(lambda match: quote(str(values[match.group(1)])), endpoint.route)


def send(client: Client, row: Row, url: str, world: World) -> Response:
    """The row's request; an API answer must be one its OpenAPI schema documents."""
    if row.method == "GET":
        response = client.get(url, row.query(world))
    elif row.json:
        data = json.dumps(row.data(world))
        response = client.post(url, data, content_type="application/json")
    else:
        response = client.post(url, row.data(world))
    assert_answer_documented(row.method, url, response)
    return response


def body_of(response: HttpResponseBase) -> bytes:
    """The whole answer as bytes: content (streamed files too) and headers. The test client
    closes the response itself (closing it again would close the test's database connection)."""
    if isinstance(response, StreamingHttpResponse):
        content = b"".join(response.streaming_content)  # type: ignore[arg-type]
    else:
        content = response.content  # type: ignore[attr-defined]
    headers = "\n".join(f"{key}: {value}" for key, value in response.items())
    return content + b"\n" + headers.encode()


def forbidden_markers(world: World, persona: str, row: Row) -> dict[str, bytes]:
    if persona == "alice" or (persona == "engineer" and row.staff_view):
        return world.internal_secrets() if persona == "alice" else {}
    return world.alice_secrets()


def entitled(persona: str, row: Row) -> bool:
    """Whose successful answer must hold `row.shows`: Alice's, or the engineer's on staff views."""
    return persona == ("engineer" if row.staff_view else "alice")


# --- the matrix ---------------------------------------------------------------------------------

MATRIX = [
    pytest.param(endpoint, id=endpoint.key)
    for endpoint in all_endpoints()
    if not is_admin(endpoint) and not is_static(endpoint)
]


def test_every_url_pattern_is_classified():
    # given every pattern the resolver knows
    endpoints = all_endpoints()
    # when each is looked up in the table (the admin and static files have their own rules)
    unclassified = [
        endpoint.key
        for endpoint in endpoints
        if endpoint.key not in TABLE and not is_admin(endpoint) and not is_static(endpoint)
    ]
    # then none is left without a row
    assert unclassified == [], "\n".join(f"unclassified URL pattern: {k}" for k in unclassified)


def test_every_row_names_an_existing_pattern():
    # given the table's keys and the resolver's patterns
    keys = {endpoint.key for endpoint in all_endpoints()}
    # when / then: a row for a removed or renamed pattern would test nothing
    assert sorted(set(TABLE) - keys) == []


def _served_directories(patterns: list[URLPattern | URLResolver]) -> Iterator[Path]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _served_directories(pattern.url_patterns)
        elif pattern.callback is static_serve:
            yield Path(pattern.default_args.get("document_root", "")).resolve()


def test_uploaded_files_are_never_served_by_a_url_pattern():
    # given: attachments are private, served only through `portal:attachment` with its checks
    media = Path(settings.MEDIA_ROOT).resolve()
    # when the patterns serving files from a directory are listed (e.g. `static()` in DEBUG)
    served = list(_served_directories(get_resolver().url_patterns))
    # then none of them reaches the uploaded files
    assert [root for root in served if root == media or root in media.parents] == []


def answer_problems(row: Row, persona: str, response: Response, world: World) -> list[str]:
    """How the answer differs from the row's: status, redirect, leaked or missing markers."""
    content = body_of(response)
    expected = row.outcome(persona)
    if response.status_code != expected.status:
        return [f"{response.status_code} instead of {expected.status}: {content[:300]!r}"]
    problems = []
    if expected.location is not None:
        location = expected.location(world, response.wsgi_request.get_full_path())
        if response["Location"] != location:
            problems.append(f"sent to {response['Location']} instead of {location}")
    markers = forbidden_markers(world, persona, row)
    problems += [f"received Alice's {name}" for name, mark in markers.items() if mark in content]
    if entitled(persona, row) and 200 <= response.status_code < 300:
        secrets = world.alice_secrets()
        problems += [f"misses {name}" for name in row.shows if secrets[name] not in content]
    return problems


@pytest.mark.parametrize("endpoint", MATRIX)
def test_access(endpoint: Endpoint, world: World, client_as):
    # given the world and the row of this pattern
    row = TABLE.get(endpoint.key)
    if row is None:
        pytest.fail(f"unclassified URL pattern: {endpoint.key}")
    url = url_of(endpoint, row, world)
    assert resolve(url).route == endpoint.route, "the URL misses its pattern"
    problems = []
    for persona in PERSONAS:
        # when each persona asks for it (in a savepoint: one's POST does not change the next's)
        with rolled_back():
            response = send(client_as(persona), row, url, world)
            problems += [f"{persona}: {p}" for p in answer_problems(row, persona, response, world)]
    # then each answer is exactly the row's, and no byte of Alice's private data reaches anyone
    # it does not belong to, while the entitled persona's answer does hold it
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("persona", "status"), [("alice", 404), ("bob", 404), ("engineer", 200)])
def test_file_of_an_internal_note_reaches_engineers_only(persona, status, world: World, client_as):
    # given the file on the engineer's internal note on Alice's request
    url = reverse("portal:attachment", kwargs={"attachment_id": world.alice_note_attachment.pk})
    # when each signed-in persona asks for it
    response = client_as(persona).get(url)
    # then only the engineer gets its bytes
    assert response.status_code == status
    assert (world.internal_secrets()["note attachment bytes"] in body_of(response)) is (
        status == 200
    )


# --- the admin: one rule for all its patterns ----------------------------------------------------


def _admin_pages(world: World) -> list[str]:
    """The index and, for every registered model, its list, its add page and (for Alice's
    objects) their change pages."""
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages += [
            reverse("admin:{}_{}_changelist".format(*info)),
            reverse("admin:{}_{}_add".format(*info)),
        ]
    for obj in (world.alice_ticket, world.alice_store, world.alice_order, world.alice):
        info = (obj._meta.app_label, obj._meta.model_name)
        pages.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    return pages


def test_every_admin_pattern_is_under_the_admin_site():
    # given the admin rule: every `admin:` pattern is served by admin.site, behind its login
    admin_endpoints = [e for e in all_endpoints() if is_admin(e)]
    # then each of them lives under /admin/ and in the admin namespace (or is its catch-all)
    assert admin_endpoints
    assert [e.key for e in admin_endpoints if not e.route.startswith("admin/")] == []
    assert [e.key for e in admin_endpoints if e.name and not e.name.startswith("admin:")] == []


@pytest.mark.parametrize("persona", ["anonymous", "alice", "bob"])
def test_admin_sends_non_staff_to_the_admin_login(persona: str, world: World, client_as):
    # given a visitor who is not staff
    client = client_as(persona)
    for page in _admin_pages(world):
        # when they open an admin page
        response = client.get(page)
        # then they are sent to the admin's login, with none of Alice's data on the way
        assert response.status_code == 302, page
        login = reverse("admin:login")
        assert response["Location"] == f"{login}?next={quote(page, safe='/')}", page
        content = body_of(response)
        assert [n for n, m in world.alice_secrets().items() if m in content] == [], page


def test_admin_login_page_is_public(client_as, world: World):
    # given a visitor who is not signed in
    # when they open the admin login
    response = client_as("anonymous").get(reverse("admin:login"))
    # then it is shown, so staff can sign in
    assert response.status_code == 200
