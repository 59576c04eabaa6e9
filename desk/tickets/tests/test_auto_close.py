"""Resolved requests close themselves after DESK_AUTO_CLOSE_DAYS without a customer message,
with a reminder DESK_AUTO_CLOSE_REMINDER_DAYS in: deferred tasks that re-check the request, and
the periodic sweep behind them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desk.outbox.models import OutboxMail
from desk.tickets import services, tasks
from desk.tickets.auto_close import Closing, closing_times
from desk.tickets.events import iso
from desk.tickets.models import EventKind, Status, TicketEvent
from desk.tickets.services.auto_close import (
    close_if_quiet,
    remind_before_auto_close,
    sweep_auto_close,
)
from desk.tickets.tests.builders import open_request

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _events(ticket, *kinds: str) -> list[tuple[str, str, str, int | None]]:
    rows = TicketEvent.objects.filter(ticket=ticket, kind__in=kinds).order_by("id")
    return [(e.kind, e.from_value, e.to_value, e.actor_id) for e in rows]


def _mails(ticket, template: str) -> list[tuple[str, str]]:
    rows = OutboxMail.objects.filter(reply_ticket_id=ticket.pk, template=template).order_by("id")
    return [(m.recipient_email, m.language) for m in rows]


@pytest.fixture
def resolved(alice_ticket, engineer_en, clock):
    """Alice's request, resolved by Erin at `clock.current`."""
    services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.RESOLVED)
    alice_ticket.refresh_from_db()
    return alice_ticket


@pytest.mark.parametrize(
    ("days", "reminder_days", "expected"),
    [
        (7, 5, Closing(T0, T0 + timedelta(days=5), T0 + timedelta(days=7))),
        (3, 0, Closing(T0, None, T0 + timedelta(days=3))),
        (3, 3, Closing(T0, None, T0 + timedelta(days=3))),  # no reminder at the closing itself
        (0, 5, None),  # off
    ],
)
def test_closing_times(days, reminder_days, expected):
    assert closing_times(T0, days=days, reminder_days=reminder_days) == expected


def test_reminder_at_day_five_and_closing_at_day_seven(resolved, alice, clock):
    # given a request resolved at R
    resolved_at = resolved.resolved_at
    since, close_at = iso(resolved_at), iso(resolved_at + timedelta(days=7))

    # when four days pass, nothing happens
    clock.advance(days=4, hours=23)
    assert sweep_auto_close() == {"reminded": 0, "closed": 0}

    # when day five comes: one reminder, in the customer's language, recorded in the history
    clock.advance(hours=1)
    assert sweep_auto_close() == {"reminded": 1, "closed": 0}
    assert _mails(resolved, "auto_close_reminder") == [("alice@example.com", "en")]
    assert _events(resolved, EventKind.AUTO_CLOSE_REMINDER) == [
        ("auto_close_reminder", since, close_at, None)
    ]

    # when day seven comes: closed by the system, and the customer hears it
    clock.advance(days=2)
    assert sweep_auto_close() == {"reminded": 0, "closed": 1}
    resolved.refresh_from_db()
    assert (resolved.status, resolved.closed_at) == (Status.CLOSED, clock.current)
    assert _events(resolved, EventKind.AUTO_CLOSED, EventKind.STATUS)[-2:] == [
        ("auto_closed", since, close_at, None),
        ("status", "resolved", "closed", None),
    ]
    closed_mails = OutboxMail.objects.filter(reply_ticket_id=resolved.pk, template="ticket_status")
    assert [m.context["status"] for m in closed_mails.order_by("id")] == ["resolved", "closed"]


def test_tasks_are_idempotent(resolved, clock):
    clock.advance(days=5)
    assert remind_before_auto_close(ticket_id=resolved.pk) == "reminded"
    assert remind_before_auto_close(ticket_id=resolved.pk) == "duplicate"
    assert len(_mails(resolved, "auto_close_reminder")) == 1

    clock.advance(days=2)
    assert close_if_quiet(ticket_id=resolved.pk) == "closed"
    assert close_if_quiet(ticket_id=resolved.pk) == "not_resolved"
    assert remind_before_auto_close(ticket_id=resolved.pk) == "not_resolved"
    assert len(_events(resolved, EventKind.AUTO_CLOSED)) == 1


def test_too_early_does_nothing(resolved, clock):
    clock.advance(days=4)
    assert remind_before_auto_close(ticket_id=resolved.pk) == "not_yet"
    assert close_if_quiet(ticket_id=resolved.pk) == "not_yet"
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED
    assert _events(resolved, EventKind.AUTO_CLOSE_REMINDER, EventKind.AUTO_CLOSED) == []


def test_a_customer_message_cancels_the_closing(resolved, alice, clock):
    # given the reminder went out
    clock.advance(days=5)
    assert remind_before_auto_close(ticket_id=resolved.pk) == "reminded"

    # when the customer writes: the request opens again
    clock.advance(days=1)
    services.add_customer_message(ticket=resolved, author=alice, body="Still broken, sorry.")

    # then the closing task that comes later does nothing
    clock.advance(days=1)
    assert close_if_quiet(ticket_id=resolved.pk) == "not_resolved"
    assert sweep_auto_close() == {"reminded": 0, "closed": 0}
    resolved.refresh_from_db()
    assert resolved.status == Status.OPEN
    assert _events(resolved, EventKind.AUTO_CLOSED) == []


def test_staff_reopening_cancels_and_a_new_resolution_starts_over(resolved, engineer_en, clock):
    actor = engineer_en.user
    clock.advance(days=3)
    services.change_status(ticket=resolved, actor=actor, status=Status.OPEN)
    clock.advance(days=1)
    services.change_status(ticket=resolved, actor=actor, status=Status.RESOLVED)
    again = clock.current

    # the old closing time (day seven of the first resolution) closes nothing
    clock.advance(days=3)
    assert close_if_quiet(ticket_id=resolved.pk) == "not_yet"

    # seven days after the second resolution it closes
    clock.current = again + timedelta(days=7)
    assert close_if_quiet(ticket_id=resolved.pk) == "closed"


def test_quiet_counts_from_the_last_customer_message(alice_ticket, alice, engineer_en, clock):
    # given a request ruled out of scope (resolved for good: a message does not reopen it)
    services.rule_out_of_scope(ticket=alice_ticket, engineer=engineer_en, reason="Custom work")
    clock.advance(days=4)
    services.add_customer_message(ticket=alice_ticket, author=alice, body="Can you quote it?")
    written = clock.current

    # then seven days after the resolution it is still resolved, seven after the message closed
    clock.advance(days=3)
    assert sweep_auto_close() == {"reminded": 0, "closed": 0}
    clock.current = written + timedelta(days=7)
    assert sweep_auto_close() == {"reminded": 0, "closed": 1}
    alice_ticket.refresh_from_db()
    assert alice_ticket.status == Status.CLOSED


def test_days_are_configuration(resolved, clock, settings):
    settings.DESK_AUTO_CLOSE_DAYS = 0
    clock.advance(days=30)
    assert sweep_auto_close() == {"reminded": 0, "closed": 0}

    settings.DESK_AUTO_CLOSE_DAYS, settings.DESK_AUTO_CLOSE_REMINDER_DAYS = 10, 0
    assert close_if_quiet(ticket_id=resolved.pk) == "closed"
    assert _mails(resolved, "auto_close_reminder") == []


def test_russian_customer_is_reminded_in_russian(
    bob, bob_store, bob_subscription, engineer_ru, clock
):
    ticket = open_request(bob, bob_store, language="ru")
    services.change_status(ticket=ticket, actor=engineer_ru.user, status=Status.RESOLVED)
    clock.advance(days=5)
    assert remind_before_auto_close(ticket_id=ticket.pk) == "reminded"
    mail = OutboxMail.objects.get(reply_ticket_id=ticket.pk, template="auto_close_reminder")
    assert mail.language == "ru"
    assert mail.context["close_at"].endswith("(Asia/Yekaterinburg)")


@pytest.fixture
def deferred_tasks(settings) -> list[Any]:
    """A backend that can defer and only records what is enqueued (production: the DB one)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return tasks.auto_close_request.get_backend().results  # type: ignore[attr-defined, no-any-return]


def test_resolving_schedules_reminder_and_closing_after_commit(
    alice_ticket, engineer_en, clock, deferred_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(ticket=alice_ticket, actor=engineer_en.user, status=Status.RESOLVED)

    now = clock.current
    scheduled = [
        (r.task.name, r.task.run_after, list(r.args))
        for r in deferred_tasks
        if r.task.name in {"remind_auto_close", "auto_close_request"}
    ]
    assert scheduled == [
        ("remind_auto_close", now + timedelta(days=5), [alice_ticket.pk]),
        ("auto_close_request", now + timedelta(days=7), [alice_ticket.pk]),
    ]


def test_the_periodic_job_runs_the_sweep(resolved, clock):
    clock.advance(days=7)
    result = tasks.auto_close_resolved.enqueue()
    assert result.return_value == {"reminded": 0, "closed": 1}
