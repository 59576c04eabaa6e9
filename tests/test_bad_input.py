"""Bad input at every form and API endpoint: never a 500, always a message, nothing changed.

Each target has a valid submission (proved accepted by `test_valid_submission_is_accepted`) and a
table of cases that spoil it in one way: empty or missing fields, 5,000 and 100,000 characters,
NUL and control characters, RTL marks and emoji, markup, wrong types, negative and huge ids,
invalid choices, and for the API malformed JSON and wrong content types. A refusal must answer
below 500 with a message (an error list on the re-rendered form, an error flash after a redirect,
or a JSON `{code, message}`), and the database and the stored files must be as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from desk.api.tests.documented import assert_answer_documented
from desk.entitlements.services import confirm_payment
from desk.stores.models import Store
from desk.tickets.models import Ticket
from desk.tickets.tests.builders import upload
from tests.conftest import ALICE_STORE_URL, BOB_STORE_URL, PERSONAS, World, rolled_back
from tests.test_access_matrix import (
    TABLE,
    Endpoint,
    alice_order_received,
    all_endpoints,
    body_of,
    is_admin,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

HUGE_ID = "99999999999999999999"  # does not fit a 64-bit integer
LONG_5K = "x" * 5_000
LONG_100K = "x" * 100_000
NUL = "shop\x00example"
CONTROL = "\x01\x02\x07\x08\x1b\x7f\x85"
ESCAPE_SEQUENCE = "\x1b[2J\x07"  # clear the screen, ring the bell: control, but no whitespace
DEL_AND_C1 = "\x7f\x9b2J"  # DEL and the 8-bit CSI: control characters at or above 127
RTL_EMOJI = "\u202egnp.exe \U0001f984\U0001f469\u200d\U0001f467 \u0645\u0631\u062d\u0628\u0627"
SCRIPT = "<script>alert(1)</script>"
NOT_ASCII_DIGIT = "\u00b2"  # "²": str.isdigit() says yes, int() says no
PASSWORD = "correct horse battery staple 42"
ATTACHMENT_LIMIT = 1024  # bytes, for the "too large" case

Payload = dict[str, Any]


@dataclass(frozen=True)
class Raw:
    """A request body sent as it is, for transport-level cases (malformed JSON, content type)."""

    body: bytes
    content_type: str = "application/json"


Change = Callable[[World, Payload], Payload | Raw]


def put(**fields: Any) -> Change:
    """The valid submission with `fields` replaced; a callable value is computed from the world."""

    def change(world: World, payload: Payload) -> Payload:
        return {**payload, **{k: v(world) if callable(v) else v for k, v in fields.items()}}

    return change


def drop(*names: str) -> Change:
    return lambda world, payload: {k: v for k, v in payload.items() if k not in names}


def nothing(world: World, payload: Payload) -> Payload:
    return {}


def raw(body: bytes, content_type: str = "application/json") -> Change:
    return lambda world, payload: Raw(body, content_type)


def empty_file(world: World) -> Any:
    return upload("empty.txt", b"", "text/plain")


def six_files(world: World) -> Any:
    return [upload(f"log{i}.txt", b"line", "text/plain") for i in range(6)]


def large_file(world: World) -> Any:
    return upload("huge.log", b"x" * (ATTACHMENT_LIMIT + 1), "text/plain")


@dataclass(frozen=True)
class Target:
    persona: str
    url: Callable[[World], str]
    valid: Callable[[World], Payload]
    # how a refusal shows: "page" (form again), "flash" (redirect), "again" (the page again, 400,
    # with an error flash and the form as sent: the console's request page) or "json"
    answer: str
    cases: dict[str, Change]


def at(name: str, **from_world: Callable[[World], object]) -> Callable[[World], str]:
    return lambda world: reverse(name, kwargs={k: get(world) for k, get in from_world.items()})


def alice_ticket_id(world: World) -> int:
    return world.alice_ticket.pk


def alice_order_id(world: World) -> int:
    return world.alice_order.pk


def bob_store_id(world: World) -> int:
    return world.bob_store.pk


def alice_store_id(world: World) -> int:
    return world.alice_store.pk


def alice_quote_id(world: World) -> int:
    return world.alice_quote.pk


AMOUNTS = {
    "empty": "",
    "text": "abc",
    "zero": "0",
    "negative": "-1",
    "a tenth of a cent": "0.001",
    "over the maximum": "100000.01",
    "huge": HUGE_ID,
    "exponent": "1e400",
    "NaN": "NaN",
    "infinite": "Infinity",
    "with NUL": "1\x00",
    "non-ASCII digit": NOT_ASCII_DIGIT,
}


def text_cases(field: str, *, limit_case: str = LONG_100K) -> dict[str, Change]:
    """A required free-text field: empty, blank, NUL, control characters only, over its limit."""
    return {
        f"{field} missing": drop(field),
        f"{field} empty": put(**{field: ""}),
        f"{field} blank": put(**{field: " \t\r\n "}),
        f"{field} with NUL": put(**{field: NUL}),
        f"{field} of {len(limit_case):,} chars": put(**{field: limit_case}),
    }


def id_cases(field: str, foreign: Callable[[World], object]) -> dict[str, Change]:
    """A field naming a row by id: text, decimals, negative, zero, huge, someone else's."""
    return {
        f"{field} as text": put(**{field: "abc"}),
        f"{field} decimal": put(**{field: "1.5"}),
        f"{field} negative": put(**{field: "-1"}),
        f"{field} zero": put(**{field: "0"}),
        f"{field} huge": put(**{field: HUGE_ID}),
        f"{field} non-ASCII digit": put(**{field: NOT_ASCII_DIGIT}),
        f"{field} with NUL": put(**{field: "1\x00"}),
        f"{field} of someone else": put(**{field: foreign}),
    }


def choice_cases(field: str, *invalid: str) -> dict[str, Change]:
    values = ("no-such-choice", "\x00", SCRIPT, LONG_100K, *invalid)
    return {f"{field} = {value[:20]!r}": put(**{field: value}) for value in values}


def url_cases(field: str) -> dict[str, Change]:
    return {
        f"{field} empty": put(**{field: ""}),
        f"{field} of 5,000 chars": put(**{field: f"https://{LONG_5K}.example/"}),
        f"{field} of 100,000 chars": put(**{field: LONG_100K}),
        f"{field} with NUL": put(**{field: "https://shop\x00.example/"}),
        f"{field} with control characters": put(**{field: f"https://shop{CONTROL}.example/"}),
        f"{field} with an escape sequence": put(
            **{field: f"https://shop.example/{ESCAPE_SEQUENCE}"}
        ),
        f"{field} with DEL and C1 controls": put(**{field: f"https://shop.example/{DEL_AND_C1}"}),
        f"{field} RTL and emoji": put(**{field: f"https://{RTL_EMOJI}.example/"}),
        f"{field} markup": put(**{field: SCRIPT}),
        f"{field} javascript:": put(**{field: "javascript:alert(1)"}),
        f"{field} ftp:": put(**{field: "ftp://shop.example/"}),
        f"{field} with credentials": put(**{field: "https://user:secret@shop.example/"}),
        f"{field} huge port": put(**{field: f"https://shop.example:{HUGE_ID}/"}),
        f"{field} broken IPv6": put(**{field: "http://[::1/"}),
    }


def file_cases() -> dict[str, Change]:
    return {
        "empty file": put(attachments=empty_file),
        "six files": put(attachments=six_files),
        "file over the limit": put(attachments=large_file),
    }


def time_off_cases(*, json: bool) -> dict[str, Change]:
    """Dates of days off and leave: not dates, impossible, ending before they start, too long."""
    bad_dates: dict[str, object] = {
        "empty": "",
        "text": "next monday",
        "impossible": "2099-02-30",
        "year 0": "0000-01-01",
        "huge year": "99999-01-01",
        "with NUL": "2099-07-01\x00",
        "markup": SCRIPT,
        "of 100,000 chars": LONG_100K,
    }
    if json:
        bad_dates |= {"null": None, "number": 20990701, "list": ["2099-07-01"]}
    cases: dict[str, Change] = {}
    for field in ("first_day", "last_day"):
        cases[f"{field} missing"] = drop(field)
        cases |= {f"{field} {name}": put(**{field: value}) for name, value in bad_dates.items()}
    return {
        **cases,
        "ends before it starts": put(first_day="2099-07-14", last_day="2099-07-01"),
        "longer than a year": put(last_day="2100-12-31"),
        "note of 5,000 chars": put(note=LONG_5K),
        "note with NUL": put(note=NUL),
    }


# --- the HTML forms -----------------------------------------------------------------------------

FORMS: dict[str, Target] = {
    "portal sign up": Target(
        "anonymous",
        at("portal:signup"),
        lambda w: {
            "email": "carol@example.com",
            "full_name": "Carol Cutter",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "language": "en",
            "time_zone": "Europe/Berlin",
        },
        "page",
        {
            "no fields": nothing,
            "email empty": put(email=""),
            "email invalid": put(email="not-an-email"),
            "email of 5,000 chars": put(email=f"{LONG_5K}@example.com"),
            "email with NUL": put(email="carol\x00@example.com"),
            "email with control characters": put(email=f"carol{CONTROL}@example.com"),
            "email RTL and emoji": put(email=f"{RTL_EMOJI}@example.com"),
            "email markup": put(email=f"{SCRIPT}@example.com"),
            # A taken address is no bad input any more: sign-up answers it as any other and mails
            # the owner (tests/reliability/test_throttling.py).
            "passwords differ": put(password2=PASSWORD + "!"),
            "password too short": put(password1="x1", password2="x1"),
            "password numeric": put(password1="73829104756", password2="73829104756"),
            "password with NUL": put(password1=PASSWORD + "\x00", password2=PASSWORD + "\x00"),
            "full name of 5,000 chars": put(full_name=LONG_5K),
            "full name with NUL": put(full_name="Carol\x00"),
            **choice_cases("language", ""),
            **choice_cases("time_zone", "", "Mars/Olympus_Mons", "../../etc/passwd"),
        },
    ),
    "portal sign in": Target(
        "anonymous",
        at("portal:login"),
        lambda w: {"username": "alice@example.com", "password": PASSWORD},
        "page",
        {
            "no fields": nothing,
            "wrong password": put(password="wrong password 42"),
            "unknown email": put(username="nobody@example.com"),
            "email with NUL": put(username="alice\x00@example.com"),
            "password with NUL": put(password=PASSWORD + "\x00"),
            "email of 100,000 chars": put(username=LONG_100K),
            "password of 100,000 chars": put(password=LONG_100K),
            "email with control characters": put(username=f"alice{CONTROL}@example.com"),
            "email markup": put(username=SCRIPT),
            "password as list": put(password=["a", "b"]),
        },
    ),
    "portal account": Target(
        "alice",
        at("portal:account"),
        lambda w: {"full_name": "Alice A. Archer", "language": "en", "time_zone": "Europe/Berlin"},
        "page",
        {
            "no fields": nothing,
            "full name of 5,000 chars": put(full_name=LONG_5K),
            "full name of 100,000 chars": put(full_name=LONG_100K),
            "full name with NUL": put(full_name="Alice\x00"),
            **choice_cases("language", ""),
            **choice_cases("time_zone", "", "Mars/Olympus_Mons", "../../etc/passwd"),
        },
    ),
    "portal add store": Target(
        "alice",
        at("portal:store_add"),
        lambda w: {"url": "fresh-shop.example"},
        "page",
        {
            "no fields": nothing,
            **url_cases("url"),
            "url blank": put(url=" \t "),
            "url of another customer": put(url=f"https://{BOB_STORE_URL}/"),
            "url already hers": put(url=f"http://www.{ALICE_STORE_URL}"),
        },
    ),
    "portal buy a subscription": Target(
        "alice",
        at("portal:buy", plan_code=lambda w: "subscription-1m"),
        lambda w: {"store": "", "new_store_url": "fresh-shop.example"},
        "page",
        {
            "no fields": nothing,
            **id_cases("store", bob_store_id),
            **url_cases("new_store_url"),
            "new store of another customer": put(new_store_url=BOB_STORE_URL),
        },
    ),
    "portal buy incidents": Target(
        "alice",
        at("portal:buy", plan_code=lambda w: "incident-normal"),
        lambda w: {"quantity": "2"},
        "page",
        {
            "no fields": nothing,
            "quantity empty": put(quantity=""),
            "quantity as text": put(quantity="abc"),
            "quantity negative": put(quantity="-1"),
            "quantity zero": put(quantity="0"),
            "quantity over the maximum": put(quantity="101"),
            "quantity huge": put(quantity=HUGE_ID),
            "quantity decimal": put(quantity="1.5"),
            "quantity exponent": put(quantity="1e3"),
            "quantity with NUL": put(quantity="1\x00"),
            "quantity non-ASCII digit": put(quantity=NOT_ASCII_DIGIT),
        },
    ),
    "portal new request": Target(
        "alice",
        at("portal:ticket_new"),
        lambda w: {
            "store": w.alice_store.pk,
            "subject": "Shipping rates vanish",
            "body": "Since the update the shipping rates are gone.",
            "category": "configuration",
            "language": "en",
            "credit_priority": "",
        },
        "page",
        {
            "no fields": nothing,
            **id_cases("store", bob_store_id),
            **text_cases("subject", limit_case=LONG_5K),
            "subject of 100,000 chars": put(subject=LONG_100K),
            "subject of control characters only": put(subject=CONTROL),
            **text_cases("body"),
            **choice_cases("category", ""),
            **choice_cases("language", ""),
            **choice_cases("credit_priority"),
            **file_cases(),
        },
    ),
    # Customer Service and Sales without an entitlement (issue 12 point 7); Technical Support
    # is no choice here.
    "portal contact form (visitor)": Target(
        "anonymous",
        at("portal:contact_write"),
        lambda w: {
            "name": "Carol Cutter",
            "email": "carol@example.com",
            "department": "sales",
            "subject": "Volume pricing",
            "body": "Do you sell ten subscriptions at a discount?",
        },
        "page",
        {
            "no fields": nothing,
            "email empty": put(email=""),
            "email invalid": put(email="not-an-email"),
            "email with NUL": put(email="carol\x00@example.com"),
            "email of 5,000 chars": put(email=f"{LONG_5K}@example.com"),
            "name of 5,000 chars": put(name=LONG_5K),
            "name with NUL": put(name="Carol\x00"),
            **choice_cases("department", "", "technical-support"),
            **text_cases("subject", limit_case=LONG_5K),
            **text_cases("body"),
        },
    ),
    "portal contact form (customer)": Target(
        "alice",
        at("portal:contact_write"),
        lambda w: {
            "department": "customer-service",
            "subject": "Invoice address",
            "body": "Please put our VAT number on the invoices.",
        },
        "page",
        {
            "no fields": nothing,
            **choice_cases("department", "", "technical-support"),
            **text_cases("subject", limit_case=LONG_5K),
            **text_cases("body"),
        },
    ),
    "portal reply": Target(
        "alice",
        at("portal:ticket_reply", ticket_id=alice_ticket_id),
        lambda w: {"body": "The coupon box is still broken."},
        "page",
        {"no fields": nothing, **text_cases("body"), **file_cases()},
    ),
    "portal request status": Target(
        "alice",
        at("portal:ticket_status", ticket_id=alice_ticket_id),
        lambda w: {"status": "resolved"},
        "flash",
        {
            "no fields": nothing,
            **choice_cases("status", "", "open", "new", "waiting"),
        },
    ),
    "console reply": Target(
        "engineer",
        at("console:ticket_reply", ticket_id=alice_ticket_id),
        lambda w: {"body": "Please clear the cache.", "status": ""},
        "again",
        {
            "no fields": nothing,
            **text_cases("body"),
            **choice_cases("status", "new"),
            **file_cases(),
        },
    ),
    "console note": Target(
        "engineer",
        at("console:ticket_note", ticket_id=alice_ticket_id),
        lambda w: {"body": "Looks like a theme issue."},
        "again",
        {"no fields": nothing, **text_cases("body"), **file_cases()},
    ),
    "console assign": Target(
        "engineer",
        at("console:ticket_assign", ticket_id=alice_ticket_id),
        lambda w: {"engineer": w.engineer.pk},
        "again",
        id_cases("engineer", lambda w: w.engineer.pk + 1000),
    ),
    "console status": Target(
        "engineer",
        at("console:ticket_status", ticket_id=alice_ticket_id),
        lambda w: {"status": "open"},
        "again",
        {"no fields": nothing, **choice_cases("status", "")},
    ),
    "console department": Target(
        "engineer",
        at("console:ticket_department", ticket_id=alice_ticket_id),
        lambda w: {"department": "customer-service"},
        "again",
        {"no fields": nothing, **choice_cases("department", "")},
    ),
    "console out of scope": Target(
        "engineer",
        at("console:ticket_out_of_scope", ticket_id=alice_ticket_id),
        lambda w: {"reason": "Custom development is not included.", "confirm": "on"},
        "again",
        {
            "no fields": nothing,
            **text_cases("reason"),
            "reason of 5,000 chars": put(reason=LONG_5K),
            "not confirmed": drop("confirm"),
        },
    ),
    "console offer quote": Target(
        "engineer",
        at("console:ticket_quote_offer", ticket_id=alice_ticket_id),
        lambda w: {
            "description": "Custom shipping module",
            "amount": "99.00",
            "reason": "Custom development is not included.",
        },
        "again",
        {
            "no fields": nothing,
            **text_cases("description"),
            "description of 5,000 chars": put(description=LONG_5K),
            "amount missing": drop("amount"),
            **{f"amount {name}": put(amount=value) for name, value in AMOUNTS.items()},
            "reason missing while in scope": drop("reason"),
            "reason with NUL": put(reason=NUL),
            "reason of 5,000 chars": put(reason=LONG_5K),
        },
    ),
    "portal accept quote": Target(
        "alice",
        at("portal:quote_accept", quote_id=alice_quote_id),
        lambda w: {"provider": "offline"},
        "flash",
        {"no fields": nothing, **choice_cases("provider", "", "bitcoin")},
    ),
    "console refund": Target(
        "engineer",
        at("console:order_refund", order_id=lambda w: w.alice_paid_order.pk),
        lambda w: {"confirm": "yes"},
        "flash",
        {
            "no fields": nothing,
            "not confirmed": put(confirm="no"),
            "confirm with NUL": put(confirm="yes\x00"),
            "confirm of 100,000 chars": put(confirm=LONG_100K),
        },
    ),
    "portal held mail": Target(
        "alice",
        at("mail:held_mail", inbound_id=lambda w: w.alice_held_mail.pk),
        lambda w: {"action": "discard"},
        "flash",
        {
            "no fields": nothing,
            **choice_cases("action", "", "explode"),
            "action with NUL": put(action="confirm\x00"),
            "action of 100,000 chars": put(action=LONG_100K),
        },
    ),
    "console bug": Target(
        "engineer",
        at("console:ticket_bug", ticket_id=alice_ticket_id),
        lambda w: {"url": "https://issues.supportdesk.example/42"},
        "again",
        {
            "no fields": nothing,
            "url empty": put(url=""),
            "url not a URL": put(url="not a url"),
            "url javascript:": put(url="javascript:alert(1)"),
            "url ftp:": put(url="ftp://issues.example/1"),
            "url markup": put(url=SCRIPT),
            "url with NUL": put(url="https://issues\x00.example/1"),
            "url with control characters": put(url=f"https://issues.example/{CONTROL}"),
            "url with an escape sequence": put(url=f"https://issues.example/{ESCAPE_SEQUENCE}"),
            "url with DEL and C1 controls": put(url=f"https://issues.example/{DEL_AND_C1}"),
            "url of 5,000 chars": put(url=f"https://issues.example/{LONG_5K}"),
            "url of 100,000 chars": put(url=LONG_100K),
            "url with a space in the host": put(url="https://iss ues.example/1"),
        },
    ),
    "console time off": Target(
        "engineer",
        at("console:time_off_add"),
        lambda w: {"kind": "leave", "first_day": "2099-07-01", "last_day": "2099-07-14"},
        "page",
        {"no fields": nothing, **choice_cases("kind", ""), **time_off_cases(json=False)},
    ),
}


# --- the API ------------------------------------------------------------------------------------


def json_transport_cases(valid: Payload) -> dict[str, Change]:
    """What a broken client sends: bodies that are not the JSON object the endpoint reads."""
    return {
        "no fields": nothing,
        "malformed JSON": raw(b'{"body": "unterminated'),
        "JSON array": raw(b"[]"),
        "JSON null": raw(b"null"),
        "JSON string": raw(b'"hello"'),
        "empty body": raw(b""),
        "invalid UTF-8": raw(b'{"body": "\xff\xfe"}'),
        "deeply nested JSON": raw(b"[" * 100_000 + b"]" * 100_000),
        "form-encoded body": raw(urlencode(valid).encode(), "application/x-www-form-urlencoded"),
        "XML body": raw(b"<ticket><body>x</body></ticket>", "application/xml"),
        "body over the upload limit": raw(json.dumps({"body": "x" * 3_000_000}).encode()),
    }


def json_text_cases(field: str, limit_case: str = LONG_100K + "x") -> dict[str, Change]:
    return {
        f"{field} missing": drop(field),
        f"{field} empty": put(**{field: ""}),
        f"{field} blank": put(**{field: " \t\r\n "}),
        f"{field} null": put(**{field: None}),
        f"{field} number": put(**{field: 42}),
        f"{field} list": put(**{field: ["a"]}),
        f"{field} object": put(**{field: {"a": 1}}),
        f"{field} with NUL": put(**{field: NUL}),
        f"{field} of {len(limit_case):,} chars": put(**{field: limit_case}),
    }


def json_id_cases(field: str, foreign: Callable[[World], object]) -> dict[str, Change]:
    return {
        f"{field} as text": put(**{field: "abc"}),
        f"{field} decimal": put(**{field: 1.5}),
        f"{field} negative": put(**{field: -1}),
        f"{field} zero": put(**{field: 0}),
        f"{field} huge": put(**{field: int(HUGE_ID)}),
        f"{field} float huge": put(**{field: 1e30}),
        f"{field} boolean": put(**{field: True}),
        f"{field} list": put(**{field: [1]}),
        f"{field} of someone else": put(**{field: foreign}),
    }


def json_choice_cases(field: str, *invalid: object) -> dict[str, Change]:
    values: tuple[object, ...] = ("no-such-choice", "", "\x00", SCRIPT, LONG_100K, 7, *invalid)
    return {f"{field} = {str(value)[:20]!r}": put(**{field: value}) for value in values}


def _ticket_in(w: World) -> Payload:
    return {
        "store_id": w.alice_store.pk,
        "subject": "Shipping rates vanish",
        "body": "Since the update the shipping rates are gone.",
        "category": "configuration",
    }


API: dict[str, Target] = {
    "api add store": Target(
        "alice",
        lambda w: "/api/stores",
        lambda w: {"url": "fresh-shop.example"},
        "json",
        {
            **json_text_cases("url", f"https://{LONG_5K}.example/"),
            **{k: v for k, v in url_cases("url").items() if "empty" not in k},
            "url of another customer": put(url=BOB_STORE_URL),
            "url already hers": put(url=ALICE_STORE_URL),
        },
    ),
    "api place order": Target(
        "alice",
        lambda w: "/api/orders",
        lambda w: {"plan_code": "incident-normal", "quantity": 2},
        "json",
        {
            **json_choice_cases("plan_code"),
            "plan_code missing": drop("plan_code"),
            "quantity as text": put(quantity="abc"),
            "quantity negative": put(quantity=-1),
            "quantity zero": put(quantity=0),
            "quantity over the maximum": put(quantity=101),
            "quantity huge": put(quantity=int(HUGE_ID)),
            "quantity decimal": put(quantity=1.5),
            "quantity float huge": put(quantity=1e30),
            "quantity null": put(quantity=None),
            "store for an incident": put(store_id=alice_store_id),
            "subscription without store": put(plan_code="subscription-1m"),
            **{
                f"subscription with {k}": (
                    lambda change: lambda w, p: change(w, {**p, "plan_code": "subscription-1m"})
                )(v)
                for k, v in json_id_cases("store_id", bob_store_id).items()
            },
            **json_choice_cases("provider", "bitcoin", None),
        },
    ),
    "api open request": Target(
        "alice",
        lambda w: "/api/tickets",
        _ticket_in,
        "json",
        {
            **json_id_cases("store_id", bob_store_id),
            "store_id missing": drop("store_id"),
            **json_text_cases("subject", LONG_5K),
            "subject of control characters only": put(subject=CONTROL),
            **json_text_cases("body"),
            "body over the service limit": put(body="x" * 60_000),
            **json_choice_cases("category"),
            **json_choice_cases("language"),
            **json_choice_cases("credit_priority"),
            "is_hotrush as text": put(is_hotrush="maybe"),
            "is_hotrush as list": put(is_hotrush=[True]),
        },
    ),
    "api message": Target(
        "alice",
        lambda w: f"/api/tickets/{w.alice_ticket.pk}/messages",
        lambda w: {"body": "The coupon box is still broken."},
        "json",
        {**json_text_cases("body"), "body over the service limit": put(body="x" * 60_000)},
    ),
    "api request status": Target(
        "alice",
        lambda w: f"/api/tickets/{w.alice_ticket.pk}/status",
        lambda w: {"status": "resolved"},
        "json",
        {**json_choice_cases("status", "open", "new"), "status missing": drop("status")},
    ),
    "api console reply": Target(
        "engineer",
        lambda w: f"/api/console/tickets/{w.alice_ticket.pk}/reply",
        lambda w: {"body": "Please clear the cache."},
        "json",
        {**json_text_cases("body"), **json_choice_cases("status")},
    ),
    "api console note": Target(
        "engineer",
        lambda w: f"/api/console/tickets/{w.alice_ticket.pk}/note",
        lambda w: {"body": "Looks like a theme issue."},
        "json",
        json_text_cases("body"),
    ),
    "api console status": Target(
        "engineer",
        lambda w: f"/api/console/tickets/{w.alice_ticket.pk}/status",
        lambda w: {"status": "open"},
        "json",
        {**json_choice_cases("status"), "status missing": drop("status")},
    ),
    "api console assign": Target(
        "engineer",
        lambda w: f"/api/console/tickets/{w.alice_ticket.pk}/assign",
        lambda w: {"engineer_id": w.engineer.pk},
        "json",
        {
            **json_id_cases("engineer_id", lambda w: w.engineer.pk + 1000),
            "engineer_id missing": drop("engineer_id"),
        },
    ),
    "api console out of scope": Target(
        "engineer",
        lambda w: f"/api/console/tickets/{w.alice_ticket.pk}/out-of-scope",
        lambda w: {"reason": "Custom development is not included."},
        "json",
        {**json_text_cases("reason"), "reason over the service limit": put(reason=LONG_5K)},
    ),
    "api console bug": Target(
        "engineer",
        lambda w: f"/api/console/tickets/{w.alice_ticket.pk}/bug",
        lambda w: {"url": "https://issues.supportdesk.example/42"},
        "json",
        {
            **json_text_cases("url", f"https://issues.example/{LONG_5K}"),
            "url not a URL": put(url="not a url"),
            "url javascript:": put(url="javascript:alert(1)"),
            "url ftp:": put(url="ftp://issues.example/1"),
            "url markup": put(url=SCRIPT),
            "url with control characters": put(url=f"https://issues.example/{CONTROL}"),
            "url with an escape sequence": put(url=f"https://issues.example/{ESCAPE_SEQUENCE}"),
            "url with DEL and C1 controls": put(url=f"https://issues.example/{DEL_AND_C1}"),
        },
    ),
    "api console department": Target(
        "engineer",
        lambda w: f"/api/console/tickets/{w.alice_ticket.pk}/department",
        lambda w: {"department": "customer-service"},
        "json",
        {**json_choice_cases("department", None), "department missing": drop("department")},
    ),
    "api time off": Target(
        "engineer",
        lambda w: "/api/console/time-off",
        lambda w: {"kind": "leave", "first_day": "2099-07-01", "last_day": "2099-07-14"},
        "json",
        {**json_choice_cases("kind", None), **time_off_cases(json=True)},
    ),
}
API["api offer quote"] = Target(
    "engineer",
    lambda w: f"/api/console/tickets/{w.alice_ticket.pk}/quotes",
    lambda w: {
        "description": "Custom shipping module",
        "amount": "99.00",
        "reason": "Custom development is not included.",
    },
    "json",
    {
        **json_text_cases("description"),
        "description over the service limit": put(description=LONG_5K),
        "amount missing": drop("amount"),
        **{f"amount {name}": put(amount=value) for name, value in AMOUNTS.items()},
        "amount number zero": put(amount=0),
        "amount float over the maximum": put(amount=100000.01),
        "amount float huge": put(amount=1e30),
        "amount boolean": put(amount=True),
        "amount null": put(amount=None),
        "amount list": put(amount=[1]),
        "reason missing while in scope": drop("reason"),
        "reason with NUL": put(reason=NUL),
        "reason over the service limit": put(reason=LONG_5K),
    },
)
API["api accept quote"] = Target(
    "alice",
    lambda w: f"/api/quotes/{w.alice_quote.pk}/accept",
    lambda w: {"provider": "offline"},
    "json",
    {**json_choice_cases("provider", "bitcoin"), "provider missing": drop("provider")},
)
for _target in API.values():
    _target.cases.update(
        {k: v for k, v in json_transport_cases({"x": "y"}).items() if k not in _target.cases}
    )

# Multipart, not JSON: its transport cases differ.
API["api message with files"] = Target(
    "alice",
    lambda w: f"/api/tickets/{w.alice_ticket.pk}/messages/files",
    lambda w: {"body": "Here is the log.", "files": upload("log.txt", b"log line", "text/plain")},
    "json",
    {
        "no fields": nothing,
        "no files": drop("files"),
        "body missing": drop("body"),
        "body empty": put(body=""),
        "body with NUL": put(body=NUL),
        "body over the schema limit": put(body=LONG_100K + "x"),
        "files as text": put(files="not a file"),
        "empty file": put(files=empty_file),
        "six files": put(files=six_files),
        "file over the limit": put(files=large_file),
        "JSON instead of multipart": raw(b'{"body": "x"}'),
        "malformed multipart": raw(b"--xyz\r\nnot multipart", "multipart/form-data; boundary=xyz"),
        "multipart without boundary": raw(b"body=x", "multipart/form-data"),
    },
)
API["api mark paid"] = Target(
    "engineer",
    lambda w: f"/api/console/orders/{w.alice_order.pk}/mark-paid",
    alice_order_received,
    "json",
    {
        "no fields": nothing,
        "amount missing": drop("amount"),
        "date missing": drop("received_on"),
        "amount empty": put(amount=""),
        "amount negative": put(amount="-99.00"),
        "amount zero": put(amount=0),
        "amount with a tenth of a cent": put(amount="99.001"),
        "amount not a number": put(amount="NaN"),
        "amount with NUL": put(amount="99\x00"),
        "amount huge": put(amount="1e400"),
        "amount off by a cent": put(amount=lambda w: str(w.alice_order.amount - 1)),
        "date as text": put(received_on="yesterday"),
        "date in the future": put(received_on="2999-01-01"),
        "date before the order": put(received_on="2000-01-01"),
        "date impossible": put(received_on="2026-02-30"),
        "JSON list": raw(b"[]"),
        "malformed JSON": raw(b'{"amount": '),
    },
)


def paid_alice_order_refund_url(world: World) -> str:
    """Alice's order, paid by bank transfer (so refundable by hand), and its API refund URL."""
    confirm_payment(order_id=world.alice_order.pk)
    return f"/api/console/orders/{world.alice_order.pk}/refund"


API["api refund"] = Target(
    "engineer",
    paid_alice_order_refund_url,
    lambda w: {},
    "json",
    {},  # no body to spoil: its bad input is the path (`test_bad_ids_in_paths_are_not_found`)
)

TARGETS = {**FORMS, **API}


# --- sending and judging ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def small_attachment_limit(settings) -> None:
    settings.DESK_ATTACHMENT_MAX_BYTES = ATTACHMENT_LIMIT


def _has_file(value: object) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(hasattr(item, "read") for item in values)


def send(client: Client, target: Target, url: str, payload: Payload | Raw) -> Response:
    """The submission; an API answer must be one its OpenAPI schema documents."""
    if isinstance(payload, Raw):
        response = client.generic("POST", url, payload.body, content_type=payload.content_type)
    elif target.answer == "json" and not any(map(_has_file, payload.values())):
        response = client.post(url, json.dumps(payload), content_type="application/json")
    else:
        response = client.post(url, payload)
    assert_answer_documented("POST", url, response)
    return response


def error_flashes(response: Response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]


def refusal_problem(target: Target, response: Response) -> str | None:
    """What is wrong with the answer to a bad submission, or None when it is a proper refusal:
    below 500, with a message, echoing no live markup."""
    content = body_of(response)
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if target.answer == "json":
        if not 400 <= status < 500 or not response["Content-Type"].startswith("application/json"):
            return f"{status} {response['Content-Type']}: {content[:200]!r}"
        body = response.json()
        return None if body.get("code") and body.get("message") else f"no code/message: {body}"
    if target.answer == "flash":
        return None if status == 302 and error_flashes(response) else f"{status}, no error flash"
    if target.answer == "again":
        if status != 400 or not error_flashes(response):
            return f"{status}, not the page again with an error flash"
        return "live markup echoed" if SCRIPT.encode() in content else None
    if not (status == 200 or 400 <= status < 500) or b'class="errorlist"' not in content:
        return f"{status} without an error list"
    return "live markup echoed" if SCRIPT.encode() in content else None


@pytest.mark.parametrize("name", list(TARGETS))
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    name: str, world: World, client_as, state
):
    # given a target and its table of spoilt submissions
    target = TARGETS[name]
    problems = []
    before = state()  # each case runs in a savepoint: all of them meet this state
    for case, change in target.cases.items():
        with rolled_back():
            client = client_as(target.persona)
            payload = change(world, target.valid(world))
            # when each is sent
            response = send(client, target, target.url(world), payload)
            # then it is refused below 500 with a message, and nothing changed
            problem = refusal_problem(target, response)
            if problem is None and state() != before:
                problem = "accepted: the data changed"
        if problem is not None:
            problems.append(f"{name}: {case}: {problem}")
            before = state()  # files a wrongly accepted case stored outlive the rollback
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", list(TARGETS))
def test_valid_submission_is_accepted(name: str, world: World, client_as):
    # given the valid submission every case of `name` spoils
    target = TARGETS[name]
    # when it is sent
    response = send(client_as(target.persona), target, target.url(world), target.valid(world))
    # then it is accepted: so each refusal above is due to the one thing the case spoilt
    assert response.status_code in (200, 201, 302), body_of(response)[:1000]
    if response.status_code == 302:
        assert error_flashes(response) == []


# --- ids in paths -------------------------------------------------------------------------------

BAD_IDS = [HUGE_ID, "0", "-1", "abc", "%00", NOT_ASCII_DIGIT, "\u0663\u0663"]


_ID_PARAMETER = re.compile(r"<(?:int:)?\w+_id>")


def _with_id(endpoint: Endpoint) -> bool:
    return "_id>" in endpoint.route and not is_admin(endpoint)


PATH_CASES = [
    (endpoint, bad) for endpoint in all_endpoints() if _with_id(endpoint) for bad in BAD_IDS
]


def test_bad_ids_in_paths_are_not_found(world: World, client_as, state):
    # given every pattern with an id, asked by who may use it, with its valid data from the
    # access table and an id that names nothing
    failures = []
    before = state()  # each case runs in a savepoint: all of them meet this state
    for endpoint, bad in PATH_CASES:
        row = TABLE.get(endpoint.key)
        if row is None:  # unclassified: test_every_url_pattern_is_classified says so
            continue
        persona = "engineer" if row.staff_view else "alice"
        url = _ID_PARAMETER.sub(quote(bad, safe="%"), "/" + endpoint.route)
        with rolled_back():
            # when it is sent
            client = client_as(persona)
            if row.method == "GET":
                response = client.get(url)
            elif row.json:
                response = client.post(url, json.dumps(row.data(world)), "application/json")
            else:
                response = client.post(url, row.data(world))
            assert_answer_documented(row.method, url, response)
            # then it is "not found" (or, in the API, an invalid id), and nothing changed
            allowed = (404, 422) if endpoint.route.startswith("api/") else (404,)
            if response.status_code not in allowed or state() != before:
                failures.append(f"{url} as {persona}: {response.status_code}")
    assert failures == [], "\n".join(failures)


# --- query strings ------------------------------------------------------------------------------

QUERY_PAGES = [
    ("alice", "portal:tickets", ("page", "status")),
    ("alice", "portal:stores", ("page",)),
    ("alice", "portal:orders", ("page",)),
    ("alice", "portal:subscriptions", ("page", "ledger_page")),
    ("alice", "portal:ticket_new", ("store",)),
    ("engineer", "console:queue", ("page", "view", "department", "language", "status", "hotrush")),
    ("engineer", "console:orders", ("page", "q")),
    ("engineer", "console:sla_report", ("weeks", "replies")),
    ("anonymous", "portal:login", ("next",)),
    ("anonymous", "portal:signup", ("next",)),
]
QUERY_VALUES = [
    *(HUGE_ID, "-1", "abc", NOT_ASCII_DIGIT, "\x00", CONTROL, RTL_EMOJI, SCRIPT, LONG_5K),
    "//evil.example",
]


@pytest.mark.parametrize(
    ("persona", "name", "fields"), QUERY_PAGES, ids=[p[1] for p in QUERY_PAGES]
)
def test_bad_query_strings_show_the_page(persona, name, fields, world: World, client_as, state):
    # given a list or form page and garbage in each of its query parameters
    client = client_as(persona)
    before = state()
    failures = []
    for field in fields:
        for value in QUERY_VALUES:
            # when the page is asked for with it
            response = client.get(reverse(name), {field: value})
            # then the page is shown (an unknown filter falls back), escaped, and nothing changed
            content = body_of(response)
            if response.status_code != 200 or SCRIPT.encode() in content:
                failures.append(f"{field}={value[:20]!r}: {response.status_code}")
    assert failures == []
    assert state() == before


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("portal:ticket_coverage", {"store": NOT_ASCII_DIGIT}),
        ("portal:ticket_coverage", {"store": HUGE_ID}),
        ("portal:ticket_coverage", {"store": "-1"}),
        ("portal:ticket_coverage", {"store": "\x00"}),
        ("portal:buy", {"store": NOT_ASCII_DIGIT}),
        ("portal:buy", {"store": HUGE_ID}),
    ],
    ids=lambda value: repr(value) if isinstance(value, dict) else value,
)
def test_store_choice_in_the_query_never_fails(name, params, world: World, client_as):
    # given a store id in the query that names none of Alice's stores
    kwargs = {"plan_code": "subscription-1m"} if name == "portal:buy" else {}
    # when Alice opens the page
    response = client_as("alice").get(reverse(name, kwargs=kwargs), params)
    # then it is shown without a store, or "not found" for the coverage fragment
    assert response.status_code == (404 if name == "portal:ticket_coverage" else 200)


API_QUERIES = [
    ("alice", "/api/tickets", ("page", "page_size", "status")),
    ("alice", "/api/stores", ("page", "page_size")),
    ("alice", "/api/orders", ("page",)),
    ("alice", "/api/credits/entries", ("page",)),
    (
        "engineer",
        "/api/console/queue",
        ("page", "view", "department", "language", "status", "hotrush"),
    ),
    ("engineer", "/api/console/orders", ("page", "q")),
]


@pytest.mark.parametrize(
    ("persona", "path", "fields"), API_QUERIES, ids=[p[1] for p in API_QUERIES]
)
def test_bad_query_strings_in_the_api_are_answered_in_json(
    persona, path, fields, world: World, client_as, state
):
    # given an API list and garbage in each of its query parameters
    client = client_as(persona)
    before = state()
    failures = []
    for field in fields:
        for value in [*QUERY_VALUES, "0", "1.5", LONG_100K]:
            # when the list is asked for with it
            response = client.get(path, {field: value})
            # then it is the list, or a JSON refusal with a code
            ok = response.status_code == 200 or (
                400 <= response.status_code < 500 and "code" in response.json()
            )
            if not ok:
                failures.append(f"{field}={value[:20]!r}: {response.status_code}")
    assert failures == [], "\n".join(failures)
    assert state() == before


@pytest.mark.parametrize(
    ("persona", "name", "data"),
    [
        ("anonymous", "portal:login", {"username": "alice@example.com", "password": PASSWORD}),
        ("anonymous", "portal:signup", None),
        ("alice", "portal:set_language", {"language": "ru"}),
        ("alice", "set_language", {"language": "ru"}),
    ],
    ids=["login", "signup", "portal language", "django language"],
)
@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example/", "\x00/evil"]
)
def test_next_never_leaves_the_site(persona, name, data, target, world: World, client_as):
    # given a form that sends the visitor on to `next`, and a `next` pointing elsewhere
    if data is None:
        data = {**FORMS["portal sign up"].valid(world)}
    # when it is submitted
    response = client_as(persona).post(reverse(name), {**data, "next": target})
    # then the visitor stays on this site
    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith(("//", "/\\"))
    assert "evil.example" not in response["Location"]


WEBHOOK_BODIES = {
    "empty": (b"", "application/json"),
    "malformed JSON": (b'{"type": ', "application/json"),
    "forged event": (b'{"id": "evt_1", "type": "checkout.session.completed"}', "application/json"),
    "NUL bytes": (b"\x00" * 100, "application/octet-stream"),
    "100,000 characters": (LONG_100K.encode(), "text/plain"),
    "over the upload limit": (b"x" * 3_000_000, "message/rfc822"),
}


@pytest.mark.parametrize("url", ["/webhooks/stripe/", "/webhooks/inbound-mail/"])
@pytest.mark.parametrize("case", list(WEBHOOK_BODIES))
def test_unsigned_webhook_calls_are_refused(url: str, case: str, world: World, client_as, state):
    # given a caller without the provider's signature
    body, content_type = WEBHOOK_BODIES[case]
    before = state()
    # when it posts garbage (or a forged event) to a webhook
    response = client_as("anonymous").generic("POST", url, body, content_type=content_type)
    # then it is refused, and nothing changed (Django itself refuses an oversized body to a
    # view that reads `request.body`, with its HTML 400 page; the mail webhook reads the stream)
    assert 400 <= response.status_code < 500
    if response["Content-Type"] == "application/json":
        assert response.json()["code"]
    else:
        assert case == "over the upload limit"
    assert state() == before


# --- the bugs found, one test each -------------------------------------------------------------


def test_new_request_naming_a_store_by_a_non_ascii_digit_is_refused(world: World, client_as, state):
    # given Alice's new request naming its store "²" (str.isdigit() is True, int() fails)
    data = {**FORMS["portal new request"].valid(world), "store": NOT_ASCII_DIGIT}
    before = state()
    # when she sends it
    response = client_as("alice").post(reverse("portal:ticket_new"), data)
    # then the form is shown again with an error, and nothing changed
    assert response.status_code == 400
    assert b'class="errorlist"' in body_of(response)
    assert state() == before


def test_order_search_with_a_nul_character_shows_the_page(world: World, client_as):
    # given an engineer searching orders for text with a NUL (PostgreSQL cannot compare it)
    engineer = client_as("engineer")
    # when the console's order list is searched
    response = engineer.get(reverse("console:orders"), {"q": "INV\x00"})
    # then the list is shown (with no match), not a server error
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", [f"https://issues.example/{c}" for c in ("\x7f", "\x9b2J", "\x85x")]
)
def test_bug_link_with_del_or_c1_controls_is_refused(url: str, world: World, client_as, state):
    # given an engineer linking Alice's request to a URL with DEL or a C1 control character
    engineer = client_as("engineer")
    before = state()
    # when it is sent through the console and through the API
    page = engineer.post(
        reverse("console:ticket_bug", kwargs={"ticket_id": world.alice_ticket.pk}), {"url": url}
    )
    api = engineer.post(
        f"/api/console/tickets/{world.alice_ticket.pk}/bug",
        json.dumps({"url": url}),
        content_type="application/json",
    )
    # then both refuse it, and nothing changed
    assert error_flashes(page) != []
    assert (api.status_code, api.json()["code"]) in {
        (400, "invalid_bug_url"),
        (422, "invalid_input"),
    }
    assert state() == before


def test_api_unreadable_multipart_answers_json(world: World, client_as, state):
    # given a multipart body without its boundary
    before = state()
    # when Alice sends it to the files endpoint
    response = client_as("alice").generic(
        "POST",
        f"/api/tickets/{world.alice_ticket.pk}/messages/files",
        b"body=x",
        content_type="multipart/form-data",
    )
    # then the API answers as it documents: JSON with a stable code
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "malformed_request"
    assert state() == before


# --- methods ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_method_gives_a_500(persona: str, world: World, client_as):
    # given every pattern, with Alice's ids, and the methods nobody should use
    client = client_as(persona)
    failures = []
    for endpoint in all_endpoints():
        row = TABLE.get(endpoint.key)
        if row is None or row.path is not None:
            continue
        url = "/" + endpoint.route
        for key, value in row.kwargs(world).items():
            url = url.replace(f"<int:{key}>", str(value)).replace(f"<{key}>", str(value))
            url = url.replace(f"<slug:{key}>", str(value))
        for method in ("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"):
            # when the method is used
            response = client.generic(method, url, b"{}", content_type="application/json")
            # then it is refused or answered, never a server error
            if response.status_code >= 500:
                failures.append(f"{method} {url}: {response.status_code}")
    assert failures == []


# --- markup is text -----------------------------------------------------------------------------


def test_markup_in_a_request_is_shown_as_text(world: World, client_as):
    # given Alice opens a request whose subject and body are markup, RTL marks and emoji
    alice = client_as("alice")
    response = alice.post(
        reverse("portal:ticket_new"),
        {
            "store": world.alice_store.pk,
            "subject": f"{SCRIPT} {RTL_EMOJI}",
            "body": f"<img src=x onerror=alert(1)> {SCRIPT}",
            "category": "configuration",
            "language": "en",
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get(customer=world.alice, subject__startswith="<script>")
    # when she, and the engineer, look at it
    pages = [
        alice.get(reverse("portal:ticket", kwargs={"ticket_id": ticket.pk})),
        alice.get(reverse("portal:tickets")),
        client_as("engineer").get(reverse("console:ticket", kwargs={"ticket_id": ticket.pk})),
        client_as("engineer").get(reverse("console:queue")),
    ]
    # then the markup is escaped everywhere
    for page in pages:
        content = body_of(page)
        assert page.status_code == 200
        assert SCRIPT.encode() not in content
        assert b"<img src=x" not in content
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in content


# --- random text --------------------------------------------------------------------------------

RANDOM = hypothesis_settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@RANDOM
@given(subject=st.text(), body=st.text())
def test_random_text_never_breaks_the_new_request_form(
    subject: str, body: str, world: World, client_as, row_counts
):
    # given Alice's valid new request with random text as subject and description
    client = client_as("alice")
    before = row_counts()
    # when she sends it
    response = client.post(
        reverse("portal:ticket_new"),
        {
            "store": world.alice_store.pk,
            "subject": subject,
            "body": body,
            "category": "configuration",
            "language": "en",
        },
    )
    after = row_counts()
    # then it is either accepted (one request, one message more, a clean one-line subject)
    assert response.status_code == 302 or 400 <= response.status_code < 500
    if response.status_code == 302:
        assert "\x00" not in subject + body
        assert subject.strip()
        assert body.strip()
        assert (after["tickets"], after["messages"]) == (
            before["tickets"] + 1,
            before["messages"] + 1,
        )
        stored = Ticket.objects.latest("pk").subject
        assert stored.isprintable()
        assert 0 < len(stored) <= 200
    # or refused with an error list, changing nothing
    else:
        assert b'class="errorlist"' in body_of(response)
        assert after == before


@RANDOM
@given(url=st.text())
def test_random_text_never_breaks_the_add_store_form(url: str, world: World, client_as, row_counts):
    # given random text as the address of a store
    client = client_as("alice")
    before = row_counts()
    # when Alice adds it
    response = client.post(reverse("portal:store_add"), {"url": url})
    after = row_counts()
    # then it is either a new store with a clean canonical address
    assert response.status_code == 302 or 400 <= response.status_code < 500
    if response.status_code == 302:
        assert after["stores"] == before["stores"] + 1
        canonical = Store.objects.latest("pk").canonical_url
        assert canonical.isascii()
        assert canonical.isprintable()
        assert " " not in canonical
    # or refused with an error list, changing nothing
    else:
        assert b'class="errorlist"' in body_of(response)
        assert after == before
