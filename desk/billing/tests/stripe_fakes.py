"""Stripe without the network: signed webhook payloads, and a local HTTP server that answers the
API calls we make like Stripe does (the SDK's `api_base` pointed at it)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from django.test import override_settings

from desk.billing.models import Order

WEBHOOK_SECRET = "whsec_test_supportdesk"
TEST_KEYS = {
    "STRIPE_SECRET_KEY": "sk_test_supportdesk",
    "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
    "STRIPE_WEBHOOK_TOLERANCE_SECONDS": 300,
}


def use_stripe_test_keys(settings: Any) -> None:
    """Configure Stripe (fake keys) through pytest-django's `settings` fixture, so that these
    tests do not depend on the settings module they run under."""
    for name, value in TEST_KEYS.items():
        setattr(settings, name, value)


def sign(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A `Stripe-Signature` header value, computed like Stripe does."""
    stamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{stamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def event(event_id: str, event_type: str, obj: dict[str, Any]) -> bytes:
    body = {
        "id": event_id,
        "object": "event",
        "api_version": "2025-01-27.acacia",
        "created": int(time.time()),
        "type": event_type,
        "livemode": False,
        "data": {"object": obj},
    }
    return json.dumps(body).encode()


def session_object(
    order: Order,
    *,
    session_id: str | None = None,
    payment_intent: str | None = None,
    payment_status: str = "paid",
    amount: int | None = None,
) -> dict[str, Any]:
    return {
        "id": session_id or order.provider_reference or f"cs_test_{order.pk}",
        "object": "checkout.session",
        "client_reference_id": str(order.pk),
        "amount_total": order.money.minor_units if amount is None else amount,
        "currency": order.currency.lower(),
        "payment_intent": payment_intent or f"pi_test_{order.pk}",
        "payment_status": payment_status,
        "status": "complete",
        "metadata": {"order_id": str(order.pk)},
    }


def session_event(
    order: Order, event_id: str, event_type: str = "checkout.session.completed", **kw: Any
) -> bytes:
    return event(event_id, event_type, session_object(order, **kw))


def refund_event(order: Order, event_id: str, *, refunded: bool = True) -> bytes:
    amount = order.money.minor_units
    return event(
        event_id,
        "charge.refunded",
        {
            "id": f"ch_test_{order.pk}",
            "object": "charge",
            "payment_intent": f"pi_test_{order.pk}",
            "amount": amount,
            "amount_refunded": amount if refunded else amount // 2,
            "refunded": refunded,
        },
    )


def dispute_event(order: Order, event_id: str) -> bytes:
    return event(
        event_id,
        "charge.dispute.created",
        {
            "id": f"dp_test_{order.pk}",
            "object": "dispute",
            "charge": f"ch_test_{order.pk}",
            "payment_intent": f"pi_test_{order.pk}",
            "amount": order.money.minor_units,
            "status": "needs_response",
        },
    )


def post_webhook(client: Any, payload: bytes, signature: str | None = "sign") -> Any:
    headers = {}
    if signature == "sign":
        headers["HTTP_STRIPE_SIGNATURE"] = sign(payload)
    elif signature is not None:
        headers["HTTP_STRIPE_SIGNATURE"] = signature
    return client.post(
        "/webhooks/stripe/", data=payload, content_type="application/json", **headers
    )


# --- the fake API -------------------------------------------------------------------------------


@dataclass
class SeenRequest:
    path: str
    idempotency_key: str
    params: dict[str, str]
    authorization: str


@dataclass
class FakeStripe:
    url: str = ""
    requests: list[SeenRequest] = field(default_factory=list)
    # Seconds the first request sleeps before answering (longer than the client's timeout).
    first_delay: float = 0.0
    fail_with: int = 0  # answer every request with this HTTP status (an API error)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def idempotency_keys(self) -> list[str]:
        return [r.idempotency_key for r in self.requests]

    def answer(self, path: str, key: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if self.fail_with:
            return self.fail_with, {"error": {"type": "api_error", "message": "boom"}}
        with self.lock:
            if key and key in self.objects:  # Stripe replays the first answer for a key
                return 200, self.objects[key]
            number = len(self.objects) + 1
            if path == "/v1/checkout/sessions":
                session_id = f"cs_test_fake_{number}"
                obj = {
                    "id": session_id,
                    "object": "checkout.session",
                    "url": f"https://checkout.stripe.test/c/pay/{session_id}",
                    "client_reference_id": params.get("client_reference_id"),
                    "amount_total": int(params["line_items[0][quantity]"])
                    * int(params["line_items[0][price_data][unit_amount]"]),
                    "currency": params["line_items[0][price_data][currency]"],
                    "payment_status": "unpaid",
                    "status": "open",
                }
            elif path == "/v1/refunds":
                obj = {
                    "id": f"re_test_fake_{number}",
                    "object": "refund",
                    "payment_intent": params.get("payment_intent"),
                    "status": "succeeded",
                }
            else:
                return 404, {"error": {"type": "invalid_request_error", "message": path}}
            self.objects[key] = obj
            return 200, obj


def _handler(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            params = dict(parse_qsl(self.rfile.read(length).decode()))
            key = self.headers.get("Idempotency-Key", "")
            with fake.lock:
                fake.requests.append(
                    SeenRequest(self.path, key, params, self.headers.get("Authorization", ""))
                )
                first = len(fake.requests) == 1
            status, body = fake.answer(self.path, key, params)
            if first and fake.first_delay:
                time.sleep(fake.first_delay)
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{len(fake.requests)}")
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def fake_stripe(**options: Any) -> Iterator[FakeStripe]:
    """Serve a fake Stripe API on 127.0.0.1 (a random port) and point the SDK at it."""
    fake = FakeStripe(**options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        with override_settings(
            STRIPE_API_BASE=fake.url, STRIPE_TIMEOUT_SECONDS=0.5, STRIPE_MAX_NETWORK_RETRIES=2
        ):
            yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def checked_out_order(
    customer: Any, plan_code: str = "incident-urgent", *, quantity: int = 1, store: Any = None
) -> Order:
    """A Stripe order whose Checkout Session `cs_test_<pk>` was created (no network)."""
    from desk.billing import services
    from desk.billing.tests.factories import catalog_plan, store_of

    plan = catalog_plan(plan_code)
    if plan.is_subscription and store is None:
        store = store_of(customer, f"shop-{Order.objects.count() + 1}.example.com")
    order = services.place_order(
        customer=customer, plan=plan, store=store, quantity=quantity, provider="stripe"
    )
    services.set_provider_reference(order=order, reference=f"cs_test_{order.pk}")
    return order
