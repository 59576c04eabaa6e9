"""Following the issue behind a request's bug link: fetch its state through the guarded fetcher
(desk.core.fetching), keep it beside the request, tell the customer once when it closes, and
schedule the next look with `run_after` (a chain of one-off tasks, not a loop; the periodic
sweep starts chains for new links and restarts lost ones).

The fetch happens outside any transaction (no row is locked while a tracker is slow); what it
found is stored under the row lock, and only if the link is still the one that was fetched.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F

from desk.core import clock
from desk.core.fetching import FetchError, fetch
from desk.tickets.models import Ticket
from desk.trackers import notifications, tasks
from desk.trackers.answers import IssueState, Unknown, read_answer
from desk.trackers.issue_urls import IssueRef, parse_issue_url
from desk.trackers.models import BugLinkState
from desk.trackers.models import IssueState as State

SWEEP_BATCH = 100
LOST_AFTER = timedelta(minutes=10)  # a chain whose next poll is this late was lost
ACCEPT = {
    "github": "application/vnd.github+json",
    "gitlab": "application/json",
    "jira": "application/json",
}


def issue_of(url: str) -> IssueRef | None:
    return parse_issue_url(url, github_api=settings.DESK_TRACKER_GITHUB_API_URL)


def poll_bug_link(*, ticket_id: int) -> str:
    """One look at the issue the request links to, if one is due. Safe to run twice or late:
    a look that is not due yet does nothing. Returns what happened (for the task log)."""
    state = _state_for(ticket_id)
    if state is None:
        return "no_link"
    now = clock.now()
    if state.next_poll_at is None or state.next_poll_at > now:
        return "not_due"
    ref = issue_of(state.url)
    if ref is None:
        BugLinkState.objects.filter(pk=state.pk, url=state.url).update(
            error="tracker_unsupported", checked_at=now, next_poll_at=None
        )
        return "unsupported"
    outcome = _look(ref)
    return _store(state, outcome, at=clock.now())


def start_due_polls() -> int:
    """The periodic sweep: a look for every bug link that has no state yet (or a changed link),
    and for every chain whose next look is long overdue. Returns how many were enqueued."""
    now = clock.now()
    fresh = (
        Ticket.objects.exclude(bug_url="")
        .filter(bug_state__isnull=True)
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    changed = (
        BugLinkState.objects.exclude(ticket__bug_url="")
        .exclude(url=F("ticket__bug_url"))
        .values_list("ticket_id", flat=True)[:SWEEP_BATCH]
    )
    lost = BugLinkState.objects.filter(next_poll_at__lt=now - LOST_AFTER).values_list(
        "ticket_id", flat=True
    )[:SWEEP_BATCH]
    due = sorted({*fresh, *changed, *lost})
    for ticket_id in due:
        tasks.poll_bug_link.enqueue(ticket_id)
    return len(due)


def _state_for(ticket_id: int) -> BugLinkState | None:
    """The request's state row for its current link: created for a new link, started over for
    a changed one, removed with the link."""
    ticket = Ticket.objects.filter(pk=ticket_id).only("pk", "bug_url").first()
    if ticket is None:
        return None
    if not ticket.bug_url:
        BugLinkState.objects.filter(ticket_id=ticket_id).delete()
        return None
    now = clock.now()
    ref = issue_of(ticket.bug_url)
    fresh = {
        "url": ticket.bug_url,
        "tracker": ref.tracker.value if ref else "",
        "issue_key": ref.key[:200] if ref else "",
        "state": State.UNKNOWN,
        "title": "",
        "error": "",
        "was_open": False,
        "fetched_at": None,
        "checked_at": None,
        "next_poll_at": now,
        "closed_notified_at": None,
        "created_at": now,
    }
    with transaction.atomic():
        state, created = BugLinkState.objects.select_for_update().get_or_create(
            ticket_id=ticket_id, defaults=fresh
        )
        if not created and state.url != ticket.bug_url:
            for name, value in fresh.items():
                setattr(state, name, value)
            state.save(update_fields=list(fresh))
    return state


def _look(ref: IssueRef) -> IssueState | Unknown:
    try:
        answer = fetch(ref.api_url, headers={"Accept": ACCEPT[ref.tracker.value]})
    except FetchError as error:
        return Unknown(error.code)
    return read_answer(ref.tracker, answer.status, answer.headers, answer.body, now=time.time())


def _store(state: BugLinkState, outcome: IssueState | Unknown, *, at: datetime) -> str:
    with transaction.atomic():
        row = BugLinkState.objects.select_for_update().filter(pk=state.pk, url=state.url).first()
        if row is None:
            return "link_changed"
        row.checked_at = at
        if isinstance(outcome, Unknown):
            row.error = outcome.code
            wait = max(outcome.retry_after or 0, 60 * settings.DESK_TRACKER_POLL_MINUTES)
            row.next_poll_at = _next(row, at, wait)
            row.save(update_fields=["checked_at", "error", "next_poll_at"])
            _schedule(row)
            return outcome.code
        row.error = ""
        row.fetched_at = at
        row.title = outcome.title
        row.state = State.CLOSED if outcome.is_closed else State.OPEN
        news = outcome.is_closed and row.was_open and row.closed_notified_at is None
        row.was_open = row.was_open or not outcome.is_closed
        # A closed issue is not followed further (a reopened one: the engineer links it again).
        row.next_poll_at = None if outcome.is_closed else _next(row, at, None)
        if news:
            row.closed_notified_at = at
        row.save(
            update_fields=[
                "checked_at",
                "error",
                "fetched_at",
                "title",
                "state",
                "was_open",
                "next_poll_at",
                "closed_notified_at",
            ]
        )
        if news:
            notifications.tell_customer_closed(row)
        _schedule(row)
    return row.state


def _next(row: BugLinkState, at: datetime, wait_seconds: int | None) -> datetime | None:
    """The next look, or None once the link is older than DESK_TRACKER_POLL_DAYS."""
    if at - row.created_at > timedelta(days=settings.DESK_TRACKER_POLL_DAYS):
        return None
    seconds = wait_seconds if wait_seconds is not None else 60 * settings.DESK_TRACKER_POLL_MINUTES
    return at + timedelta(seconds=seconds)


def _schedule(row: BugLinkState) -> None:
    """After commit, the next look as a task deferred with `run_after`. Backends that cannot
    defer (the in-process test backend) enqueue nothing: the sweep starts the look there."""
    when = row.next_poll_at
    if when is None or not tasks.poll_bug_link.get_backend().supports_defer:
        return
    ticket_id = row.ticket_id
    transaction.on_commit(lambda: tasks.poll_bug_link.using(run_after=when).enqueue(ticket_id))
