"""Production that runs itself (issue 10 points 3, 4, 6, 7), proved against real processes:
gunicorn web processes and task workers on PostgreSQL, with the production settings, on loopback.

One cluster (2 web processes, 3 workers, an SMTP server in this process) serves every test of
the module, in order; the last one kills a worker. Marked `long` (the module takes ~3-4 minutes
on this 2-core machine); `make test` and CI run it in the PostgreSQL suite."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import os
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from aiosmtpd.controller import Controller

from tests.reliability.processes import ROOT, Cluster, cluster, free_port, postgres_available

pytestmark = [
    pytest.mark.long,
    pytest.mark.timeout(1200),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="multi-process tests run once, in the PostgreSQL suite (DATABASE_URL=postgres…)",
    ),
]
PASSWORD = "violet submarine orbit 77"
WEBHOOK_SECRET = "cluster-webhook-secret"  # a test value
PROBES = 1_700
MAILS = 300


class Sink:
    """aiosmtpd handler keeping every message; `stall` holds back the 250 of the next one."""

    def __init__(self) -> None:
        self.port = 0
        self.received: list[bytes] = []
        self.stall = threading.Event()
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        # Like a real MTA: the message is queued once its final "." arrived; the 250 follows.
        self.received.append(envelope.original_content)
        if self.stall.is_set():
            self.stall.clear()
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        ids = []
        for raw in self.received:
            for line in raw.split(b"\r\n"):
                if line.lower().startswith(b"message-id:"):
                    ids.append(line.split(b":", 1)[1].strip().decode())
        return ids


@pytest.fixture(scope="module")
def sink() -> Iterator[Sink]:
    handler = Sink()
    handler.port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    handler.release.set()
    controller.stop()


@pytest.fixture(scope="module")
def live(sink) -> Iterator[Cluster]:
    if not postgres_available():
        pytest.fail("PostgreSQL is not reachable at DESK_TEST_POSTGRES_URL")
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "DESK_PUBLIC_FORM_FREE": "100000",
        "DESK_PUBLIC_FORM_LOCK": "200000",
        "DESK_MAIL_CAP_PER_ADDRESS": "1000",
        "DESK_MAIL_WEBHOOK_SECRET": WEBHOOK_SECRET,
        # behind a TLS proxy: redirects on, the proxy's header names the scheme
        "SECURE_SSL_REDIRECT": "true",
        "DESK_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO=https",
    }
    with cluster(web=2, workers=3, env=env) as running:
        running.sql("CREATE TABLE reliability_probe (key text NOT NULL, pid integer NOT NULL)")
        yield running


HTTPS = {"X-Forwarded-Proto": "https"}


def report(line: str) -> None:
    """Measured numbers: on the terminal with `-s`, and in artifacts/reliability/processes.txt."""
    sys.stdout.write(line + "\n")
    path = ROOT / "artifacts" / "reliability" / "processes.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as log:
        log.write(time.strftime("%Y-%m-%d %H:%M:%S ") + line.strip() + "\n")


def _wait_for(predicate, timeout: float, step: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def _post_mail(live: Cluster, index: int) -> int:
    raw = (
        f"From: stranger{index}@example.net\r\nTo: support@supportdesk.example\r\n"
        f"Subject: Question {index}\r\nMessage-ID: <q{index}@example.net>\r\n\r\nHello\r\n"
    ).encode()
    signature = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    response = live.session(index % 2).post(
        "/webhooks/inbound-mail/",
        data=raw,
        headers={**HTTPS, "X-Supportdesk-Signature": signature, "Content-Type": "message/rfc822"},
    )
    return int(response.status_code)


def _sign_up(live: Cluster, index: int) -> int:
    session = live.session(index % 2)
    session.get("/signup/", headers=HTTPS)
    data = {
        "email": f"load{index}@example.com",
        "full_name": f"Load {index}",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "language": "en",
        "time_zone": "Europe/Berlin",
    }
    return session.post("/signup/", data=data, headers=HTTPS, allow_redirects=False).status_code


ENQUEUE_PROBES = f"""
from datetime import timedelta
from django.db import transaction
from desk.core import clock
from tests.reliability.probe import record_run
soon = clock.now() + timedelta(seconds=3)
for number in range({PROBES}):
    key = f"probe-{{number}}"
    if number % 6 == 0:
        record_run.using(priority=10).enqueue(key)
    elif number % 6 == 1:
        record_run.using(run_after=soon).enqueue(key)
    else:
        record_run.enqueue(key)
print("enqueued")
"""


def test_two_web_processes_and_three_workers_run_2000_mixed_tasks_each_once(live, sink):
    # given 1,700 probe tasks (plain, high priority, deferred) and 300 signed inbound mails from
    # strangers posted to both web processes, each of which enqueues one answer to deliver
    started = time.monotonic()
    assert live.run_python(ENQUEUE_PROBES).strip().endswith("enqueued")
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda n: _post_mail(live, n), range(MAILS)))
    assert Counter(statuses) == {200: MAILS}

    # when the three workers drain the queue
    def drained() -> bool:
        (left,) = live.sql(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        )[0]
        return bool(left == 0)

    assert _wait_for(drained, timeout=300), live.logs()
    elapsed = time.monotonic() - started
    # then every probe ran exactly once, spread over the workers
    runs = live.sql("SELECT key, count(*) FROM reliability_probe GROUP BY key")
    assert len(runs) == PROBES
    assert {count for _, count in runs} == {1}
    pids = dict(live.sql("SELECT pid, count(*) FROM reliability_probe GROUP BY pid"))
    assert len(pids) == 3, pids
    # and every task result is a success, none failed or left behind
    results = dict(
        live.sql(
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path IN (%s, %s) GROUP BY status",
            ("tests.reliability.probe.record_run", "desk.outbox.tasks.deliver_outbox_mail"),
        )
    )
    assert results == {"SUCCESSFUL": PROBES + MAILS}
    # and each of the 300 mails reached the SMTP server exactly once
    sent = live.sql("SELECT message_id FROM outbox_outboxmail WHERE state = 'sent'")
    assert len(sent) == MAILS
    ids = sink.message_ids()
    assert Counter(ids).most_common(1)[0][1] == 1
    assert {row[0] for row in sent} <= set(ids)
    report(f"\n2,000 tasks on 3 workers in {elapsed:.1f} s; probe runs per worker: {pids}")


def test_a_300_mb_post_is_refused_before_it_is_read(live):
    # given a web process at rest
    before = live.rss_kib(live.web[0])
    size = 300 * 1024 * 1024
    # when a client declares and starts streaming a 300 MB body to the inbound-mail webhook
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", live.web[0].port), timeout=10) as connection:
        head = (
            "POST /webhooks/inbound-mail/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "X-Forwarded-Proto: https\r\nContent-Type: message/rfc822\r\n"
            f"X-Supportdesk-Signature: sha256={'0' * 64}\r\nContent-Length: {size}\r\n\r\n"
        )
        connection.sendall(head.encode())
        sent, chunk = 0, b"x" * (1024 * 1024)
        answer = b""
        connection.settimeout(0.05)
        try:
            while sent < size and b"\r\n\r\n" not in answer:
                connection.sendall(chunk)
                sent += len(chunk)
                with contextlib.suppress(TimeoutError):
                    answer += connection.recv(65536)
        except (BrokenPipeError, ConnectionResetError):
            pass
        connection.settimeout(10)
        while b"\r\n\r\n" not in answer:
            data = connection.recv(65536)
            if not data:
                break
            answer += data
    after = live.rss_kib(live.web[0])
    # then it is answered 413 at once, and the process did not grow with the body
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"request_too_large" in answer or b"\r\n\r\n" in answer
    assert after - before < 20 * 1024, (before, after)
    report(
        f"\n300 MB POST: 413 after {sent // (1024 * 1024)} MB sent, "
        f"{time.monotonic() - started:.2f} s; web RSS {before // 1024} MB -> {after // 1024} MB"
    )


def test_brute_force_on_a_live_server_is_throttled_across_processes(live):
    # given a customer who really exists
    assert _sign_up(live, 10_000) == 302
    live.run_python(
        "from desk.accounts.models import User;"
        "User.objects.filter(email='load10000@example.com').update(is_active=True)"
    )
    answers, times = [], []
    # when 50 wrong passwords arrive, alternating between the two web processes
    for attempt in range(50):
        session = live.session(attempt % 2)
        session.get("/login/", headers=HTTPS)
        started = time.monotonic()
        response = session.post(
            "/login/",
            data={"username": "load10000@example.com", "password": f"guess-{attempt}"},
            headers=HTTPS,
            allow_redirects=False,
        )
        times.append(time.monotonic() - started)
        answers.append(response.status_code)
    # then the first five are checked, everything after waits (429), and so does the right one
    assert answers[:5] == [200] * 5
    assert answers[5:].count(429) >= 40
    right = live.session(0)
    right.get("/login/", headers=HTTPS)
    response = right.post(
        "/login/",
        data={"username": "load10000@example.com", "password": PASSWORD},
        headers=HTTPS,
        allow_redirects=False,
    )
    assert response.status_code == 429
    # and the admin's sign-in shares the same counts
    admin = live.session(1)
    admin.get("/admin/login/", headers=HTTPS)
    page = admin.post(
        "/admin/login/",
        data={"username": "load10000@example.com", "password": PASSWORD},
        headers=HTTPS,
    ).text
    assert "Too many failed sign-ins" in page
    report(
        f"\n50 wrong passwords: {answers.count(200)} checked, {answers.count(429)} refused "
        f"(429); median answer {sorted(times)[25] * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )


def test_behind_a_tls_proxy_pages_load_without_a_redirect_loop(live):
    plain = live.session(0).get("/", allow_redirects=False)
    proxied = live.session(0).get("/", headers=HTTPS, allow_redirects=False)
    health = live.session(1).get("/healthz", allow_redirects=False)
    static = live.session(1).get("/static/favicon.svg", headers=HTTPS)
    port = live.web[0].port
    assert (plain.status_code, plain.headers["Location"]) == (301, f"https://127.0.0.1:{port}/")
    assert proxied.status_code == 200
    assert proxied.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert (health.status_code, health.json()["worker"]) == (200, "ok")
    assert static.status_code == 200


def test_killed_worker_claim_is_recovered_within_a_minute_and_sent_once(live, sink):
    # given the SMTP server holding its answer to the next message
    sink.stall.set()
    assert _sign_up(live, 20_000) == 302
    assert sink.stalled.wait(60), live.logs()
    (mail_id, claimed_by, message_id), *_ = live.sql(
        "SELECT id, claimed_by, message_id FROM outbox_outboxmail WHERE state = 'sending'"
    )
    holder = next(i for i, w in enumerate(live.workers) if claimed_by.startswith(w.name + "-"))
    # when that worker is killed while the server has the whole message, then says 250
    live.kill_worker(holder)
    killed_at = time.monotonic()
    sink.release.set()

    def recovered():
        rows = live.sql(
            "SELECT state, state_reason FROM outbox_outboxmail WHERE id = %s", (mail_id,)
        )
        return rows[0] if rows and rows[0][0] == "sent" else None

    state = _wait_for(recovered, timeout=90)
    took = time.monotonic() - killed_at
    # then another worker settled it within a minute, without sending it again
    assert state == ("sent", "unconfirmed"), live.logs()
    assert took < 60
    assert sink.message_ids().count(message_id) == 1
    report(f"\nkilled worker's mail claim settled by another worker {took:.1f} s after the kill")
