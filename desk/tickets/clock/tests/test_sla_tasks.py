"""Warning and breach tasks: scheduled with run_after after commit, idempotent, and no-ops once
the due time they were scheduled for has moved."""

from __future__ import annotations

from typing import Any

import pytest

from desk.outbox.models import OutboxMail
from desk.tickets import services, tasks
from desk.tickets.clock import alerts
from desk.tickets.events import iso
from desk.tickets.models import EventKind, TicketEvent
from desk.tickets.tests.builders import MOSCOW, at_moscow, next_moscow, open_request

MONDAY, FRIDAY = 0, 4


@pytest.fixture
def deferred_tasks(settings) -> list[Any]:
    """A backend that can defer and only records what is enqueued (production: the DB one)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = tasks.record_breach.get_backend()
    return backend.results  # type: ignore[attr-defined, no-any-return]


def _scheduled(results) -> list[tuple[str, object, list[Any]]]:
    return [
        (r.task.name, r.task.run_after, list(r.args))
        for r in results
        if r.task.name != "deliver_outbox_mail"
    ]


def _kinds(ticket, kind) -> int:
    return TicketEvent.objects.filter(ticket=ticket, kind=kind).count()


def test_opening_schedules_the_warning_and_the_breach_after_commit(
    alice,
    alice_store,
    alice_subscription,
    clock,
    deferred_tasks,
    django_capture_on_commit_callbacks,
):
    # given
    clock.current = next_moscow(MONDAY, 10)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_request(alice, alice_store, is_hotrush=True)

    # then: due 12:00, warned 30 working minutes before
    due = at_moscow(clock.current, 0, 12)
    assert _scheduled(deferred_tasks) == [
        ("warn_before_due", at_moscow(clock.current, 0, 11, 30), [ticket.pk, iso(due)]),
        ("record_breach", due, [ticket.pk, iso(due)]),
    ]


def test_the_warning_crosses_closed_hours_in_working_time(
    alice,
    alice_store,
    alice_subscription,
    clock,
    deferred_tasks,
    django_capture_on_commit_callbacks,
):
    # given: Hotrush on Saturday 17:00 is due Sunday 11:00; 30 working minutes before is 10:30
    clock.current = next_moscow(5, 17)
    with django_capture_on_commit_callbacks(execute=True):
        open_request(alice, alice_store, is_hotrush=True)

    # then
    assert [run_after for _, run_after, _ in _scheduled(deferred_tasks)] == [
        at_moscow(clock.current, 1, 10, 30),
        at_moscow(clock.current, 1, 11),
    ]


def test_warning_twice_mails_once_to_the_speakers_on_shift_of_an_unassigned_request(
    alice, alice_store, alice_subscription, engineer_en, engineer_ru, clock
):
    # given: an English request; Roman speaks Russian only
    clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    due = iso(at_moscow(clock.current, 0, 12))
    clock.current = at_moscow(clock.current, 0, 11, 30)

    # when
    first = tasks.warn_before_due.call(ticket.pk, due)
    second = tasks.warn_before_due.call(ticket.pk, due)

    # then
    assert (first, second) == ("warned", "duplicate")
    mails = OutboxMail.objects.filter(template="sla_warning").order_by("recipient_email")
    assert [(m.event_key, m.recipient_email) for m in mails] == [
        (f"sla-warning:{ticket.pk}:{due}", "erin@supportdesk.example"),
    ]
    # in the recipient's time zone (Moscow here)
    due_local = at_moscow(clock.current, 0, 12).astimezone(MOSCOW)
    day = f"{due_local:%b} {due_local.day}, {due_local.year}"
    assert mails[0].context["due_at"] == f"{day}, 12:00\u202fPM (Europe/Moscow)"
    assert _kinds(ticket, EventKind.SLA_WARNING) == 1


def test_a_russian_request_warns_the_russian_speakers_on_shift(
    alice, alice_store, alice_subscription, engineer_en, engineer_ru, clock
):
    # given: Erin on leave today, so on shift: Roman only
    from desk.schedules import services as schedule_services

    clock.current = next_moscow(MONDAY, 10)
    schedule_services.add_time_off(
        engineer=engineer_en,
        kind="sick",
        first_day=clock.current.astimezone(MOSCOW).date(),
        last_day=clock.current.astimezone(MOSCOW).date(),
        actor=None,
    )
    russian = open_request(alice, alice_store, is_hotrush=True, language="ru")
    english = open_request(alice, alice_store, is_hotrush=True, subject="English")
    due = iso(at_moscow(clock.current, 0, 12))
    clock.current = at_moscow(clock.current, 0, 11, 30)

    # when
    tasks.warn_before_due.call(russian.pk, due)
    tasks.warn_before_due.call(english.pk, due)

    # then: the English one goes to every English speaker of the department, on shift or not
    mails = OutboxMail.objects.filter(template="sla_warning")
    assert sorted(mails.values_list("event_key", "recipient_email")) == [
        (f"sla-warning:{russian.pk}:{due}", "roman@supportdesk.example"),
        (f"sla-warning:{english.pk}:{due}", "erin@supportdesk.example"),
    ]


def test_a_breach_is_noticed_by_the_assignee_once(
    alice, alice_store, alice_subscription, engineer_en, engineer_ru, clock
):
    # given
    clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    services.assign(ticket=ticket, actor=engineer_en.user, engineer=engineer_ru)
    due = iso(at_moscow(clock.current, 0, 12))
    clock.current = at_moscow(clock.current, 0, 12)

    # when
    results = [tasks.record_breach.call(ticket.pk, due) for _ in range(2)]

    # then
    assert results == ["breached", "duplicate"]
    notices = OutboxMail.objects.filter(template="sla_breached")
    assert list(notices.values_list("event_key", "recipient_email")) == [
        (f"sla-breached:{ticket.pk}:{due}", "roman@supportdesk.example")
    ]


def test_warning_goes_to_the_assignee_only(
    alice, alice_store, alice_subscription, engineer_en, engineer_ru, clock
):
    # given
    clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    services.assign(ticket=ticket, actor=engineer_en.user, engineer=engineer_ru)

    # when
    tasks.warn_before_due.call(ticket.pk, iso(at_moscow(clock.current, 0, 12)))

    # then
    warned = OutboxMail.objects.filter(template="sla_warning")
    assert list(warned.values_list("template", "recipient_email")) == [
        ("sla_warning", "roman@supportdesk.example")
    ]


def test_breach_twice_records_one_event_and_not_before_the_due_time(
    alice, alice_store, alice_subscription, clock
):
    # given
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    due = iso(at_moscow(opened, 0, 12))

    # when / then: early, then at the due time twice
    assert tasks.record_breach.call(ticket.pk, due) == "early"
    clock.current = at_moscow(opened, 0, 12)
    assert tasks.record_breach.call(ticket.pk, due) == "breached"
    assert tasks.record_breach.call(ticket.pk, due) == "duplicate"
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.SLA_BREACHED)
    assert (event.from_value, event.to_value) == (iso(opened), due)
    assert (event.data["replied_at"], event.data["working_seconds_used"]) == (None, 7200)


def test_a_late_reply_after_a_recorded_breach_adds_no_second_outcome(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    clock.current = at_moscow(opened, 0, 12)
    tasks.record_breach.call(ticket.pk, iso(clock.current))
    clock.advance(minutes=15)

    # when
    services.reply(ticket=ticket, engineer=engineer_en, body="Late, sorry.")

    # then
    assert _kinds(ticket, EventKind.SLA_BREACHED) == 1
    assert _kinds(ticket, EventKind.SLA_MET) == 0


def test_tasks_of_a_moved_due_time_do_nothing(
    alice,
    alice_store,
    alice_subscription,
    engineer_en,
    clock,
    deferred_tasks,
    django_capture_on_commit_callbacks,
):
    # given: Hotrush Monday 10:00, due 12:00; waiting from 10:30 to 11:00 (90 minutes left)
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    old_due = iso(at_moscow(opened, 0, 12))
    clock.current = at_moscow(opened, 0, 10, 30)
    services.change_status(ticket=ticket, actor=engineer_en.user, status="waiting")
    clock.current = at_moscow(opened, 0, 11)

    # when: back to open, the due time moves to 12:30
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(ticket=ticket, actor=engineer_en.user, status="open")
    clock.current = at_moscow(opened, 0, 12)

    # then: the old tasks are no-ops, new ones are scheduled for the new due time
    assert tasks.warn_before_due.call(ticket.pk, old_due) == "moved"
    assert tasks.record_breach.call(ticket.pk, old_due) == "moved"
    new_due = at_moscow(opened, 0, 12, 30)
    assert _scheduled(deferred_tasks) == [
        ("warn_before_due", at_moscow(opened, 0, 12), [ticket.pk, iso(new_due)]),
        ("record_breach", new_due, [ticket.pk, iso(new_due)]),
    ]
    outcomes = TicketEvent.objects.filter(ticket=ticket, kind__in=["sla_met", "sla_breached"])
    assert not outcomes.exists()


def test_tasks_after_the_reply_do_nothing(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given
    opened = clock.current = next_moscow(MONDAY, 10)
    ticket = open_request(alice, alice_store, is_hotrush=True)
    services.reply(ticket=ticket, engineer=engineer_en, body="Done.")
    clock.current = at_moscow(opened, 0, 12)

    # when / then
    due = iso(at_moscow(opened, 0, 12))
    assert tasks.warn_before_due.call(ticket.pk, due) == "moved"
    assert tasks.record_breach.call(ticket.pk, due) == "moved"
    assert OutboxMail.objects.filter(template="sla_warning").count() == 0


def test_sweep_warns_and_breaches_what_is_due_once(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: one Hotrush past its due time, one inside its warning lead, one far from both
    opened = clock.current = next_moscow(MONDAY, 10)
    late = open_request(alice, alice_store, is_hotrush=True, subject="Late")
    clock.current = at_moscow(opened, 0, 10, 40)
    soon = open_request(alice, alice_store, is_hotrush=True, subject="Soon")
    open_request(alice, alice_store, subject="Calm")
    clock.current = at_moscow(opened, 0, 12, 20)

    # when
    first = alerts.sweep()
    second = alerts.sweep()

    # then
    assert first == {"warned": 2, "breached": 1}
    assert second == {"warned": 0, "breached": 0}
    assert _kinds(late, EventKind.SLA_BREACHED) == 1
    assert _kinds(soon, EventKind.SLA_WARNING) == 1
