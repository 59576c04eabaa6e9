"""Following bug links against a fake tracker on a real socket (127.0.0.1, which the test
settings allow and production refuses): GitHub, GitLab and Jira answers, 404, timeouts,
malformed JSON and rate limits; the customer is told once when the issue closes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from desk.outbox.models import OutboxMail
from desk.outbox.rendering import render_mail
from desk.tickets import services as ticket_services
from desk.tickets.tests.builders import open_request
from desk.tickets.tests.conftest import (  # noqa: F401  # reused as they are
    _own_media_root,
    alice_store,
    alice_subscription,
)
from desk.trackers import services
from desk.trackers.models import BugLinkState


class FakeTracker(BaseHTTPRequestHandler):
    """Answers each path from `server.routes`: (status, headers, body, delay seconds)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        server = self.server
        server.hits.append(self.path)  # type: ignore[attr-defined]
        status, headers, body, delay = server.routes.get(  # type: ignore[attr-defined]
            self.path, (404, {}, b'{"message": "Not Found"}', 0)
        )
        if delay:
            time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def tracker(settings) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTracker)
    server.daemon_threads = True
    server.hits = []  # type: ignore[attr-defined]
    server.routes = {}  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.DESK_TRACKER_GITHUB_API_URL = base(server)
    settings.DESK_TRACKER_POLL_MINUTES = 60
    yield server
    server.shutdown()
    server.server_close()


def base(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def answer(server, path: str, data=None, *, status=200, headers=None, raw=None, delay=0.0):
    body = raw if raw is not None else json.dumps(data).encode()
    server.routes[path] = (
        status,
        {"Content-Type": "application/json", **(headers or {})},
        body,
        delay,
    )


@pytest.fixture
def ticket(alice, alice_store, alice_subscription):  # noqa: F811
    return open_request(alice, alice_store)


def link(ticket, engineer, url: str) -> None:
    ticket_services.link_bug(ticket=ticket, engineer=engineer, url=url)


# (the link the engineer pastes, the API path the fake answers, open answer, closed answer)
def github(server):
    return (
        "https://github.com/acme/shop/issues/42",
        "/repos/acme/shop/issues/42",
        {"state": "open", "title": "Checkout crashes"},
        {"state": "closed", "title": "Checkout crashes"},
    )


def gitlab(server):
    return (
        f"{base(server)}/acme/sub/shop/-/issues/5",
        "/api/v4/projects/acme%2Fsub%2Fshop/issues/5",
        {"state": "opened", "title": "Checkout crashes"},
        {"state": "closed", "title": "Checkout crashes"},
    )


def jira(server):
    def issue(category: str) -> dict[str, object]:
        return {
            "key": "SHOP-7",
            "fields": {
                "summary": "Checkout crashes",
                "status": {"statusCategory": {"key": category}},
            },
        }

    return (
        f"{base(server)}/browse/SHOP-7",
        "/rest/api/2/issue/SHOP-7?fields=status,summary",
        issue("indeterminate"),
        issue("done"),
    )


TRACKERS = [github, gitlab, jira]


@pytest.mark.parametrize("kind", TRACKERS)
def test_open_then_closed_tells_the_customer_once(tracker, ticket, engineer_en, clock, kind):
    url, path, opened, closed = kind(tracker)
    answer(tracker, path, opened)
    link(ticket, engineer_en, url)

    # when: the first look finds it open
    assert services.poll_bug_link(ticket_id=ticket.pk) == "open"
    state = BugLinkState.objects.get(ticket=ticket)
    assert (state.state, state.title, state.error) == ("open", "Checkout crashes", "")
    assert state.fetched_at == clock()
    assert state.next_poll_at == clock() + timedelta(minutes=60)
    # a look before it is due does not fetch
    assert services.poll_bug_link(ticket_id=ticket.pk) == "not_due"
    assert tracker.hits == [path]

    # when: an hour later it is closed, and the poller runs again, twice
    answer(tracker, path, closed)
    clock.advance(minutes=61)
    assert services.poll_bug_link(ticket_id=ticket.pk) == "closed"
    assert services.poll_bug_link(ticket_id=ticket.pk) == "not_due"
    assert services.start_due_polls() == 0

    # then: one mail, and polling stopped
    state.refresh_from_db()
    assert state.state == "closed"
    assert state.next_poll_at is None
    assert state.closed_notified_at is not None
    mails = OutboxMail.objects.filter(template="bug_closed")
    assert mails.count() == 1
    mail = mails.get()
    assert mail.recipient_email == "alice@example.com"
    rendered = render_mail(mail.template, "ru", mail.context)
    assert rendered.subject == f"[{ticket.reference}] Связанная задача закрыта: {ticket.subject}"
    assert url in rendered.text
    assert len(tracker.hits) == 2


def test_an_issue_closed_before_it_was_linked_sends_no_mail(tracker, ticket, engineer_en):
    url, path, _opened, closed = github(tracker)
    answer(tracker, path, closed)
    link(ticket, engineer_en, url)

    assert services.poll_bug_link(ticket_id=ticket.pk) == "closed"
    assert not OutboxMail.objects.filter(template="bug_closed").exists()


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        ({"status": 404, "raw": b'{"message": "Not Found"}'}, "tracker_issue_not_found"),
        ({"raw": b"<html>maintenance</html>"}, "tracker_bad_answer"),
        ({"raw": b'{"state": "open"'}, "tracker_bad_answer"),
        ({"status": 502, "raw": b"bad gateway"}, "tracker_unavailable"),
    ],
)
@pytest.mark.parametrize("kind", TRACKERS)
def test_failed_looks_keep_the_last_state_and_retry(
    tracker, ticket, engineer_en, clock, kind, reply, code
):
    # given: the issue was seen open
    url, path, opened, _closed = kind(tracker)
    answer(tracker, path, opened)
    link(ticket, engineer_en, url)
    services.poll_bug_link(ticket_id=ticket.pk)
    seen_at = clock()

    # when: the next answer is broken
    answer(tracker, path, **reply)
    clock.advance(minutes=61)
    result = services.poll_bug_link(ticket_id=ticket.pk)

    # then: the code is stored, the last known state stays, another look is scheduled
    assert result == code
    state = BugLinkState.objects.get(ticket=ticket)
    assert (state.state, state.title, state.error) == ("open", "Checkout crashes", code)
    assert state.fetched_at == seen_at
    assert state.next_poll_at == clock() + timedelta(minutes=60)
    assert not OutboxMail.objects.filter(template="bug_closed").exists()


@pytest.mark.parametrize("kind", TRACKERS)
def test_a_tracker_that_does_not_answer_in_time(tracker, ticket, engineer_en, settings, kind):
    settings.DESK_FETCH_TIMEOUT_SECONDS = 1
    url, path, opened, _closed = kind(tracker)
    answer(tracker, path, opened, delay=3)
    link(ticket, engineer_en, url)

    started = time.monotonic()
    result = services.poll_bug_link(ticket_id=ticket.pk)

    assert result == "fetch_timeout"
    assert time.monotonic() - started < 2.5
    state = BugLinkState.objects.get(ticket=ticket)
    assert (state.state, state.error, state.fetched_at) == ("unknown", "fetch_timeout", None)


@pytest.mark.parametrize("kind", TRACKERS)
def test_rate_limits_push_the_next_look_back(tracker, ticket, engineer_en, clock, kind):
    url, path, _opened, _closed = kind(tracker)
    answer(tracker, path, raw=b"slow down", status=429, headers={"Retry-After": "7200"})
    link(ticket, engineer_en, url)

    assert services.poll_bug_link(ticket_id=ticket.pk) == "tracker_rate_limited"
    state = BugLinkState.objects.get(ticket=ticket)
    assert state.next_poll_at == clock() + timedelta(seconds=7200)


def test_github_rate_limit_by_its_reset_header(tracker, ticket, engineer_en, clock):
    url, path, _opened, _closed = github(tracker)
    reset = int(time.time()) + 3 * 3600
    answer(
        tracker,
        path,
        raw=b'{"message": "API rate limit exceeded"}',
        status=403,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
    )
    link(ticket, engineer_en, url)

    assert services.poll_bug_link(ticket_id=ticket.pk) == "tracker_rate_limited"
    state = BugLinkState.objects.get(ticket=ticket)
    wait = (state.next_poll_at - clock()).total_seconds()
    assert 3 * 3600 - 5 <= wait <= 3 * 3600


def test_production_policy_refuses_a_tracker_on_a_private_address(
    tracker, ticket, engineer_en, settings
):
    settings.DESK_FETCH_ALLOWED_NETWORKS = []
    url, path, opened, _closed = gitlab(tracker)
    answer(tracker, path, opened)
    link(ticket, engineer_en, url)

    assert services.poll_bug_link(ticket_id=ticket.pk) == "fetch_address_refused"
    assert tracker.hits == []


def test_a_changed_link_starts_over_and_a_removed_one_is_forgotten(
    tracker, ticket, engineer_en, clock
):
    url, path, opened, _closed = github(tracker)
    answer(tracker, path, opened)
    link(ticket, engineer_en, url)
    services.poll_bug_link(ticket_id=ticket.pk)

    # when: the engineer links another issue; the sweep picks the change up
    other_url, other_path, _o, other_closed = jira(tracker)
    answer(tracker, other_path, other_closed)
    link(ticket, engineer_en, other_url)
    assert services.start_due_polls() == 1  # the in-process backend runs the look at once

    # then: the state is the new issue's, seen closed first: no mail
    state = BugLinkState.objects.get(ticket=ticket)
    assert (state.url, state.tracker, state.state) == (other_url, "jira", "closed")
    assert not OutboxMail.objects.filter(template="bug_closed").exists()


def test_unsupported_links_are_not_fetched(tracker, ticket, engineer_en):
    link(ticket, engineer_en, f"{base(tracker)}/some/page")

    assert services.poll_bug_link(ticket_id=ticket.pk) == "unsupported"
    state = BugLinkState.objects.get(ticket=ticket)
    assert (state.error, state.next_poll_at) == ("tracker_unsupported", None)
    assert tracker.hits == []


def test_pages_show_the_state(tracker, ticket, engineer_en, client, alice):
    url, path, opened, _closed = github(tracker)
    answer(tracker, path, opened)
    link(ticket, engineer_en, url)
    services.poll_bug_link(ticket_id=ticket.pk)

    client.force_login(alice)
    portal = client.get(reverse("portal:ticket", args=[ticket.pk]))
    client.force_login(engineer_en.user)
    console = client.get(reverse("console:ticket", args=[ticket.pk]))

    assert b'data-bug-state="open"' in portal.content
    assert "The issue is open: “Checkout crashes”.".encode() in portal.content
    assert b'data-bug-state="open"' in console.content


def test_the_sweep_restarts_a_lost_chain(tracker, ticket, engineer_en, clock):
    # given: an open issue whose next look (due in an hour) never ran
    url, path, opened, closed = github(tracker)
    answer(tracker, path, opened)
    link(ticket, engineer_en, url)
    services.poll_bug_link(ticket_id=ticket.pk)
    assert services.start_due_polls() == 0  # nothing new, nothing late

    # when: the sweep runs well after the look was due
    answer(tracker, path, closed)
    clock.advance(minutes=60 + 11)
    restarted = services.start_due_polls()

    # then: the look ran (the in-process backend runs it at once) and the customer was told
    assert restarted == 1
    assert BugLinkState.objects.get(ticket=ticket).state == "closed"
    assert OutboxMail.objects.filter(template="bug_closed").count() == 1
