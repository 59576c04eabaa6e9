"""A webhook receiver on a real socket (127.0.0.1, which the test settings let the fetcher
reach), whose answers a test scripts: "ok" (200 after checking the signature), "fail" (500),
"slow" (answers after the sender's timeout)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desk.accounts.models import User
from desk.webhooks import services, signing
from desk.webhooks.models import EventType, WebhookEndpoint


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    signature_ok: bool


@dataclass
class Receiver:
    url: str
    secret: str = ""
    script: list[str] = field(default_factory=list)  # one answer per request; then "ok"
    received: list[Received] = field(default_factory=list)
    slow_seconds: float = 3.0

    def next_answer(self) -> str:
        return self.script.pop(0) if self.script else "ok"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    receiver: Receiver

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        receiver = self.server.receiver  # type: ignore[attr-defined]
        ok = signing.verify(
            receiver.secret,
            self.headers.get(signing.SIGNATURE_HEADER, ""),
            body,
            now=int(time.time()),
        )
        receiver.received.append(Received(dict(self.headers.items()), body, ok))
        answer = receiver.next_answer()
        if answer == "slow":
            time.sleep(receiver.slow_seconds)
        status = 500 if answer == "fail" else (200 if ok else 400)
        text = b'{"error": "boom"}' if answer == "fail" else b"thanks"
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)
        except OSError:  # the sender gave up (slow): nobody is listening any more
            pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    receiver = Receiver(url=f"http://127.0.0.1:{server.server_port}/hooks")
    server.receiver = receiver  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(receiver: Receiver, staff_admin: User) -> WebhookEndpoint:
    """An endpoint of the receiver for every event type."""
    registered = services.register_endpoint(
        actor=staff_admin, url=receiver.url, event_types=EventType.values
    )
    receiver.secret = registered.secret
    return registered
