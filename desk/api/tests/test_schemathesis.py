"""Schemathesis over the whole API, through the WSGI app, as a customer and as an engineer.

Every operation of the OpenAPI schema gets a bounded number of generated requests, valid ones
(positive) and ones that break the schema (negative), with a fixed seed, so a run is the same run
everywhere. Each answer must be no 5xx, a documented status with the documented content type and
body, and a refusal (4xx) for data the schema forbids. Signing in is the test's job (a session
cookie and the CSRF token), so the schema's security requirements are not fuzzed.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import Unsatisfiable
from ninja.responses import NinjaJSONEncoder
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from desk.api.api import api
from desk.api.tests.conftest import signed_in
from desk.billing.models import Order
from desk.core import clock
from desk.schedules.services import add_time_off
from desk.tickets.quotes import offer_quote
from desk.tickets.tests.builders import open_request

logger = logging.getLogger(__name__)

SEED = 20261204
# Examples per operation and persona: (generation mode, path ids of real objects?, how many).
# Random ids mostly meet 404s, so most valid requests name the persona's own objects.
# An operation of the other persona's front door (the console for a customer, the customer's
# endpoints for an engineer) answers the same 404 or empty list to anything: a few examples do.
RUNS = [
    (GenerationMode.POSITIVE, True, 8),
    (GenerationMode.POSITIVE, False, 4),
    (GenerationMode.NEGATIVE, False, 6),
]
OTHER_DOOR_RUNS = [(GenerationMode.POSITIVE, False, 2), (GenerationMode.NEGATIVE, False, 2)]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
CSRF_TOKEN = "SchemathesisCsrfToken0123456789a"  # 32 letters or digits; the cookie holds the same


class OnTestConnection(WSGIHandler):
    """The real WSGI handler, kept on the test's connection: Django closes connections at the end
    of each request, which would close the test's transaction (its test client avoids it too)."""

    def __call__(self, environ: Any, start_response: Any) -> Any:
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = super().__call__(environ, start_response)
            response.close()  # sends request_finished while the signal is disconnected
            return response
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


def _schema() -> Any:
    raw = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
    raw.pop("security", None)
    for operations in raw["paths"].values():
        for operation in operations.values():
            operation.pop("security", None)
    raw["components"].pop("securitySchemes", None)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = OnTestConnection()
    return schema


def _cookies(user: Any) -> dict[str, str]:
    session = signed_in(user).cookies["sessionid"].value
    return {"sessionid": session, "csrftoken": CSRF_TOKEN}


def _fuzz(
    operation: Any,
    mode: GenerationMode,
    path_ids: dict[str, int],
    examples: int,
    cookies: dict[str, str],
    statuses: Counter[int],
) -> None:
    headers = {"X-CSRFToken": CSRF_TOKEN}
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_ids or None)

    @seed(SEED)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        response = case.call(headers=headers, cookies=cookies)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)
        # A service may refuse valid-looking data with its own code (400 `invalid_store_url`), but
        # the schema layer must take what the schema allows. Not checked for multipart: the
        # generator sends some binary array items as plain fields and empty files, which Django
        # parses as no file at all.
        if mode == GenerationMode.POSITIVE and case.media_type != "multipart/form-data":
            assert response.status_code != 422, f"{case.as_curl_command()}\n{response.text}"

    run()


def _run(
    schema: Any, persona: str, cookies: dict[str, str], ids: dict[str, int]
) -> tuple[dict[str, str], Counter[int]]:
    failures: dict[str, str] = {}
    statuses: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {parameter.name for parameter in operation.path_parameters}
        own_door = operation.path.startswith("/api/console/") == (persona == "engineer")
        for mode, real_ids, examples in RUNS if own_door else OTHER_DOOR_RUNS:
            if real_ids and not names:
                continue
            path_ids = {name: ids[name] for name in names if name in ids} if real_ids else {}
            try:
                _fuzz(operation, mode, path_ids, examples, cookies, statuses)
            except Unsatisfiable:  # nothing to break: no parameters and no body
                assert mode == GenerationMode.NEGATIVE
            except (AssertionError, BaseExceptionGroup) as exc:
                label = f"{persona} {operation.label} ({mode.value}, real ids: {real_ids})"
                failures[label] = str(exc)
    return failures, statuses


@pytest.fixture
def real_ids(alice, alice_store, alice_ticket, engineer_en) -> dict[str, int]:
    """Path ids that name something: Alice's store, request and paid order, a quote offered to
    her on another request, the engineer's time off."""
    quoted = open_request(alice, alice_store)
    quote = offer_quote(
        ticket=quoted,
        engineer=engineer_en,
        description="Migrate the catalogue",
        amount=Decimal("250.00"),
        reason="Data migration is not included.",
    )
    today = clock.now().date()
    time_off = add_time_off(
        engineer=engineer_en,
        kind="day_off",
        first_day=today + timedelta(days=30),
        last_day=today + timedelta(days=30),
        actor=engineer_en.user,
    )
    return {
        "store_id": alice_store.pk,
        "ticket_id": alice_ticket.pk,
        "order_id": Order.objects.filter(customer=alice).earliest("id").pk,
        "quote_id": quote.pk,
        "time_off_id": time_off.pk,
    }


@pytest.mark.django_db
@pytest.mark.timeout(900)  # about a minute alone; the landing runs two suites on shared cores
def test_no_server_error_and_no_schema_violation(alice, engineer_en, real_ids):
    # given
    schema = _schema()
    operations = len(list(schema.get_all_operations()))
    ids = real_ids
    started = time.monotonic()
    # when
    failures: dict[str, str] = {}
    statuses: Counter[int] = Counter()
    for persona, user in (("customer", alice), ("engineer", engineer_en.user)):
        found, seen = _run(schema, persona, _cookies(user), ids)
        failures.update(found)
        statuses.update(seen)
    # then
    logger.warning(
        "schemathesis: %d operations, %d requests in %.1f s, statuses %s",
        operations,
        statuses.total(),
        time.monotonic() - started,
        dict(sorted(statuses.items())),
    )
    assert operations >= 43  # every operation of the schema, however many there are
    assert all(statuses[status] for status in (200, 201, 404, 422)), statuses
    assert not failures, "\n\n".join(f"== {name}\n{text}" for name, text in failures.items())
