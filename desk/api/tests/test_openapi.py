"""The OpenAPI schema loads and documents every endpoint; the docs page is served."""

from __future__ import annotations

import pytest
from django.test import Client

from desk.tickets.scope import Category

MAIN_PATHS = {
    "/api/catalog/plans": {"get"},
    "/api/stores": {"get", "post"},
    "/api/stores/{store_id}": {"get"},
    "/api/subscriptions": {"get"},
    "/api/credits": {"get"},
    "/api/credits/entries": {"get"},
    "/api/orders": {"get", "post"},
    "/api/orders/{order_id}": {"get"},
    "/api/tickets": {"get", "post"},
    "/api/tickets/department": {"post"},
    "/api/tickets/search": {"get"},
    "/api/console/search": {"get"},
    "/api/tickets/{ticket_id}": {"get"},
    "/api/tickets/{ticket_id}/messages": {"get", "post"},
    "/api/tickets/{ticket_id}/messages/files": {"post"},
    "/api/tickets/{ticket_id}/status": {"post"},
    "/api/tickets/{ticket_id}/hotrush": {"post"},
    "/api/tickets/{ticket_id}/server-access": {"post"},
    "/api/console/tickets/{ticket_id}/server-access/reveal": {"post"},
    "/api/console/queue": {"get"},
    "/api/console/tickets/{ticket_id}": {"get"},
    "/api/console/tickets/{ticket_id}/messages": {"get"},
    "/api/console/tickets/{ticket_id}/events": {"get"},
    "/api/console/tickets/{ticket_id}/reply": {"post"},
    "/api/console/tickets/{ticket_id}/note": {"post"},
    "/api/console/tickets/{ticket_id}/status": {"post"},
    "/api/console/tickets/{ticket_id}/assign": {"post"},
    "/api/console/tickets/{ticket_id}/department": {"post"},
    "/api/console/tickets/{ticket_id}/out-of-scope": {"post"},
    "/api/console/tickets/{ticket_id}/bug": {"post"},
    "/api/console/orders": {"get"},
    "/api/console/orders/{order_id}/mark-paid": {"post"},
    "/api/console/orders/{order_id}/refund": {"post"},
    "/api/tickets/{ticket_id}/quotes": {"get"},
    "/api/quotes/{quote_id}/accept": {"post"},
    "/api/quotes/{quote_id}/decline": {"post"},
    "/api/console/tickets/{ticket_id}/quotes": {"get", "post"},
    "/api/console/quotes/{quote_id}/withdraw": {"post"},
    "/api/console/shifts": {"get"},
    "/api/console/time-off": {"get", "post"},
    "/api/console/time-off/{time_off_id}/remove": {"post"},
    "/api/tickets/{ticket_id}/calls": {"get", "post"},
    "/api/tickets/{ticket_id}/calls/slots": {"get"},
    "/api/tickets/{ticket_id}/satisfaction": {"get", "post"},
    "/api/tickets/{ticket_id}/satisfaction/comment": {"post"},
    "/api/calls/{call_id}/accept": {"post"},
    "/api/calls/{call_id}/reschedule": {"post"},
    "/api/calls/{call_id}/cancel": {"post"},
    "/api/console/calls": {"get"},
    "/api/console/tickets/{ticket_id}/calls": {"get"},
    "/api/console/calls/{call_id}/confirm": {"post"},
    "/api/console/calls/{call_id}/propose": {"post"},
    "/api/console/calls/{call_id}/decline": {"post"},
    "/api/console/calls/{call_id}/cancel": {"post"},
    "/api/console/calls/{call_id}/held": {"post"},
    "/api/console/calls/{call_id}/missed": {"post"},
}


def test_schema_lists_every_endpoint():
    # when
    response = Client().get("/api/openapi.json")
    # then
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Supportdesk API"
    assert {path: set(methods) for path, methods in schema["paths"].items()} == MAIN_PATHS


def test_schema_documents_pages_and_error_shapes():
    # given
    schema = Client().get("/api/openapi.json").json()
    # when
    listing = schema["paths"]["/api/tickets"]["get"]
    placing = schema["paths"]["/api/orders"]["post"]
    # then
    assert {p["name"] for p in listing["parameters"]} == {"status", "page", "page_size", "cursor"}
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page_schema = schema["components"]["schemas"][page.rsplit("/", 1)[-1]]
    assert set(page_schema["properties"]) == {
        "items",
        "count",
        "count_is_exact",
        "page",
        "pages",
        "next_cursor",
    }
    assert {"201", "401", "404", "422"} <= set(placing["responses"])
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"code", "message", "field"}
    assert error["required"] == ["code", "message"]


def test_docs_page_is_served():
    response = Client().get("/api/docs")

    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_every_operation_documents_the_transport_answers():
    # given
    schema = Client().get("/api/openapi.json").json()
    # when
    missing = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = {"400", "413", "422", "503"}
            if path != "/api/catalog/plans":  # the one public operation: no session, no CSRF
                expected |= {"401", "403", "429"}
            if gaps := expected - set(operation["responses"]):
                missing[f"{method.upper()} {path}"] = sorted(gaps)
    # then
    assert missing == {}
    plans = schema["paths"]["/api/catalog/plans"]["get"]["responses"]
    assert "401" not in plans
    assert "403" not in plans
    error = plans["503"]["content"]["application/json"]["schema"]["$ref"]
    assert error == "#/components/schemas/ErrorOut"


def test_an_undocumented_answer_fails_the_test_client():
    # given: the check every ApiClient response goes through
    from desk.api.tests.documented import assert_documented, declared_statuses

    # then
    assert declared_statuses("GET", "/api/tickets/7") == {
        200,
        400,
        401,
        403,
        404,
        413,
        422,
        429,
        503,
    }
    assert declared_statuses("DELETE", "/api/tickets/7") is None
    with pytest.raises(AssertionError, match="answered 409"):
        assert_documented("GET", "/api/tickets/7", 409)


STATUSES = ["new", "open", "waiting", "resolved", "closed"]


@pytest.mark.parametrize(
    ("component", "field", "keywords"),
    [
        ("TicketIn", "subject", {"maxLength": 200, "minLength": 1}),
        ("TicketIn", "body", {"maxLength": 50_000, "minLength": 1}),
        ("TicketIn", "category", {"enum": [c.value for c in Category]}),
        ("StatusIn", "status", {"enum": STATUSES}),
        ("ServerAccessIn", "host", {"maxLength": 500, "minLength": 1}),
        ("ServerAccessIn", "protocol", {"enum": ["ssh", "sftp", "ftp", "control_panel", "other"]}),
        ("ServerAccessIn", "secret", {"maxLength": 10_000}),
        ("OrderIn", "quantity", {"minimum": 1, "maximum": 100}),
        ("OrderIn", "provider", {"enum": ["offline", "stripe"]}),
        (
            "QuoteIn",
            "amount",
            {
                "anyOf": [
                    {"type": "number", "exclusiveMinimum": 0, "maximum": 100_000},
                    {"type": "string", "pattern": r"^[0-9]{1,6}(\.[0-9]{1,2})?$"},
                ]
            },
        ),
        ("QuoteIn", "description", {"maxLength": 2_000, "minLength": 1}),
        ("TimeOffIn", "kind", {"enum": ["day_off", "leave", "sick"]}),
        ("TimeOffIn", "note", {"maxLength": 200}),
        ("BugIn", "url", {"maxLength": 500, "minLength": 1}),
        ("ReasonIn", "reason", {"maxLength": 2_000, "minLength": 1}),
    ],
)
def test_schema_states_the_limits_services_enforce(component, field, keywords):
    # given
    schema = Client().get("/api/openapi.json").json()
    # when
    documented = schema["components"]["schemas"][component]["properties"][field]
    # then
    assert {key: documented.get(key) for key in keywords} == keywords


def test_every_inbound_text_refuses_nul():
    # given
    schema = Client().get("/api/openapi.json").json()
    # when
    texts = [
        (name, field, spec)
        for name, component in schema["components"]["schemas"].items()
        if name.endswith("In")
        for field, spec in component["properties"].items()
        if spec.get("type") == "string" and "format" not in spec
    ]
    # then
    assert len(texts) >= 15
    assert all(spec["pattern"] in (r"^[^\x00]*$", "^[-a-zA-Z0-9_]+$") for _, _, spec in texts)


@pytest.mark.parametrize("path", ["/api/tickets", "/api/console/queue"])
def test_status_filters_are_enums(path):
    # given
    schema = Client().get("/api/openapi.json").json()
    # when
    parameters = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
    # then
    assert parameters["status"]["anyOf"][0]["enum"] == STATUSES


@pytest.mark.parametrize(
    ("component", "field", "values"),
    [
        ("TicketOut", "status", STATUSES),
        ("TicketDetailOut", "language", ["en", "ru"]),
        ("MessageOut", "kind", ["customer", "reply", "note"]),
        ("OrderOut", "status", ["pending", "paid", "cancelled", "refunded", "disputed"]),
        ("TimeOffOut", "kind", ["day_off", "leave", "sick"]),
    ],
)
def test_answers_state_their_enums(component, field, values):
    # given
    schema = Client().get("/api/openapi.json").json()
    # when
    documented = schema["components"]["schemas"][component]["properties"][field]
    # then
    assert documented["enum"] == values
