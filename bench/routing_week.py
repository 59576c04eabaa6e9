"""A simulated week of routing through the real services (issue 8's closing note).

1,000 requests (60 % English, 40 % Russian, 20 % Hotrush) arrive at random over one week, at any
hour, from 20 customers; 8 engineers of Technical Support work weekly shifts (one in Berlin time,
one on leave on the Wednesday). Every 5 simulated minutes the worker's routing sweep runs, and
each engineer on shift answers (and resolves) the request of theirs due first, one per 15
minutes. Measured: the routing decisions that went to an engineer who speaks the request's
language and was on shift at that moment; requests left in the queue and how long they waited;
each engineer's share and the weighted load (Hotrush counts 2) sampled every hour.

    .venv/bin/python -m bench.routing_week          # about 2-4 minutes on 2 shared cores
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench._django import scratch_database

MSK = ZoneInfo("Europe/Moscow")
REQUESTS, CUSTOMERS, SEED = 1_000, 20, 20261204
STEP, ANSWER_EVERY = timedelta(minutes=5), timedelta(minutes=15)
WEEKDAYS, WEEKEND = ("mon", "tue", "wed", "thu", "fri"), ("sat", "sun")


def _weekly(days: tuple[str, ...], opens: str, closes: str) -> dict[str, list[list[str]]]:
    return {day: [[opens, closes]] for day in days}


# (name, speaks English, speaks Russian, zone, weekly shifts in that zone)
ENGINEERS: list[tuple[str, bool, bool, str, dict[str, list[list[str]]]]] = [
    ("en-early", True, False, "Europe/Moscow", _weekly(WEEKDAYS, "06:00", "14:00")),
    ("en-late", True, False, "Europe/Berlin", _weekly(WEEKDAYS, "12:00", "20:00")),
    (
        "en-weekend",
        True,
        False,
        "Europe/Moscow",
        {**_weekly(WEEKEND, "10:00", "18:00"), **_weekly(WEEKDAYS[:4], "22:00", "01:00")},
    ),
    ("ru-early", False, True, "Europe/Moscow", _weekly(WEEKDAYS, "06:00", "14:00")),
    ("ru-late", False, True, "Europe/Moscow", _weekly(WEEKDAYS, "14:00", "22:00")),
    ("ru-weekend", False, True, "Europe/Moscow", _weekly(WEEKEND, "10:00", "18:00")),
    ("both-day", True, True, "Europe/Moscow", _weekly(WEEKDAYS, "09:00", "18:00")),
    ("both-night", True, True, "Europe/Moscow", _weekly(WEEKDAYS, "18:00", "01:00")),
]
ON_LEAVE = "both-day"  # on leave on the Wednesday of the simulated week


def _people(monday: date) -> tuple[list[Any], dict[int, str], list[Any]]:
    from desk.accounts import services as accounts
    from desk.schedules import services as schedules
    from desk.stores import services as stores
    from desk.tickets.tests.builders import pay_order

    customers = []
    for i in range(CUSTOMERS):
        language = "ru" if i % 2 else "en"
        user = accounts.register_customer(
            email=f"customer{i}@example.com",
            password=None,
            full_name=f"Customer {i}",
            language=language,
            time_zone="Europe/Moscow",
        )
        store = stores.add_store(customer=user, url=f"shop{i}.example")
        pay_order(user, "subscription-1y", store=store)
        customers.append((user, store, language))
    names: dict[int, str] = {}
    engineers = []
    for name, en, ru, zone, weekly in ENGINEERS:
        engineer = accounts.create_engineer(
            email=f"{name}@supportdesk.example",
            password=None,
            full_name=name,
            department_codes=["technical-support"],
            speaks_en=en,
            speaks_ru=ru,
            time_zone=zone,
        )
        schedules.set_schedule(engineer=engineer, time_zone=zone, weekly=weekly)
        if name == ON_LEAVE:
            wednesday = monday + timedelta(days=2)
            schedules.add_time_off(
                engineer=engineer, kind="leave", first_day=wednesday, last_day=wednesday, actor=None
            )
        names[engineer.pk] = name
        engineers.append(engineer)
    return customers, names, engineers


def _answer_due_first(engineer: Any, now: datetime) -> bool:
    from desk.tickets import services
    from desk.tickets.models import OPEN_STATUSES, Ticket

    ticket = (
        Ticket.objects.filter(assignee=engineer, status__in=OPEN_STATUSES)
        .order_by("reply_due_at", "created_at")
        .first()
    )
    if ticket is None:
        return False
    services.reply(ticket=ticket, engineer=engineer, body="Fixed, see above.", status="resolved")
    return True


def simulate() -> dict[str, Any]:
    from django.conf import settings

    from desk.core import clock as core_clock
    from desk.core.clock import MovableClock
    from desk.schedules import selectors as schedules
    from desk.tickets import routing
    from desk.tickets.scope import Category
    from desk.tickets.services import open_ticket, sweep_routing

    settings.DESK_ROUTING_ENABLED = True
    rng = random.Random(SEED)
    real_now = core_clock.now()
    today = real_now.astimezone(MSK).date()
    monday = today + timedelta(days=7 - today.weekday() + 7)  # a whole week inside the year
    start = datetime(monday.year, monday.month, monday.day, tzinfo=MSK).astimezone(UTC)
    end = start + timedelta(days=7)
    movable = MovableClock(real_now)
    core_clock.now = movable  # type: ignore[assignment]  # every service reads this clock

    customers, names, engineers = _people(monday)
    calendars = schedules.shift_calendars(names)
    arrivals = sorted(start + timedelta(seconds=rng.randrange(7 * 86400)) for _ in range(REQUESTS))
    plan = []
    for at in arrivals:
        language = "ru" if rng.random() < 0.4 else "en"
        user, store, _lang = rng.choice([c for c in customers if c[2] == language])
        plan.append((at, user, store, language, rng.random() < 0.2))

    opened: list[tuple[int, datetime, str]] = []
    next_free = dict.fromkeys(names, start)
    samples: dict[str, list[int]] = defaultdict(list)
    spreads: list[int] = []
    i, t, answered = 0, start, 0
    began = time.perf_counter()
    while t < end + timedelta(days=1):
        while i < len(plan) and plan[i][0] <= t:
            at, user, store, language, hotrush = plan[i]
            movable.current = at
            ticket = open_ticket(
                customer=user,
                store=store,
                subject=f"Request {i}",
                body="The checkout page shows a PHP warning.",
                category=Category.PHP_MYSQL,
                language=language,
                is_hotrush=hotrush,
            )
            opened.append((ticket.pk, at, language))
            i += 1
        movable.current = t
        sweep_routing(now=t)
        for engineer in engineers:
            free = calendars[engineer.pk].is_working(t) and next_free[engineer.pk] <= t
            if free and _answer_due_first(engineer, t):
                answered += 1
                next_free[engineer.pk] = t + ANSWER_EVERY
        if (t - start) % timedelta(hours=1) == timedelta(0) and t < end:
            loads = routing.loads_of(names)
            for language in ("en", "ru"):
                on = [
                    loads[e.pk]
                    for e in engineers
                    if language in e.languages and calendars[e.pk].is_working(t)
                ]
                if len(on) > 1:
                    spreads.append(max(on) - min(on))
            for pk, load in loads.items():
                if calendars[pk].is_working(t):
                    samples[names[pk]].append(load)
        t += STEP
    elapsed = time.perf_counter() - began
    window = (start, end)
    return _measure(
        opened, names, engineers, calendars, samples, spreads, answered, elapsed, window
    )


def _measure(
    opened: list[tuple[int, datetime, str]],
    names: dict[int, str],
    engineers: list[Any],
    calendars: dict[int, Any],
    samples: dict[str, list[int]],
    spreads: list[int],
    answered: int,
    elapsed: float,
    window: tuple[datetime, datetime],
) -> dict[str, Any]:
    from desk.tickets.models import EventKind, Ticket, TicketEvent

    languages = {e.pk: e.languages for e in engineers}
    tickets = {t.pk: t for t in Ticket.objects.filter(pk__in=[o[0] for o in opened])}
    decisions = TicketEvent.objects.filter(
        kind=EventKind.ASSIGNED, actor__isnull=True, data__by="routing"
    ).order_by("created_at", "id")
    good, total = 0, 0
    whys: Counter[str] = Counter()
    first_routed: dict[int, datetime] = {}
    per_engineer: Counter[str] = Counter()
    for event in decisions:
        engineer_id = int(event.to_value)
        ticket = tickets[event.ticket_id]
        total += 1
        whys[event.data.get("why", "")] += 1
        speaks = ticket.language in languages[engineer_id]
        on_shift = calendars[engineer_id].is_working(event.created_at)
        good += speaks and on_shift
        first_routed.setdefault(event.ticket_id, event.created_at)
        per_engineer[names[engineer_id]] += 1
    queued = TicketEvent.objects.filter(kind=EventKind.NOT_ROUTED).values_list(
        "to_value", flat=True
    )
    waits = [
        (first_routed[pk] - at).total_seconds() / 60
        for pk, at, _language in opened
        if pk in first_routed and first_routed[pk] > at
    ]
    shift_hours = {names[pk]: calendars[pk].elapsed(*window).total_seconds() / 3600 for pk in names}
    return {
        "requests": len(opened),
        "by_language": dict(Counter(language for _pk, _at, language in opened)),
        "routing_decisions": total,
        "to_a_speaker_on_shift": good,
        "share_to_a_speaker_on_shift": round(good / total, 4) if total else None,
        "decisions_by_why": dict(whys),
        "left_in_queue_at_arrival": dict(Counter(queued)),
        "never_routed": sum(1 for pk, _at, _l in opened if pk not in first_routed),
        "queued_wait_minutes": {
            "count": len(waits),
            "median": round(statistics.median(waits)) if waits else None,
            "p90": round(statistics.quantiles(waits, n=10)[-1]) if len(waits) > 1 else None,
            "max": round(max(waits)) if waits else None,
        },
        "per_engineer": {
            name: {
                "routed_to": per_engineer[name],
                "shift_hours": round(shift_hours[name], 1),
                "per_shift_hour": round(per_engineer[name] / shift_hours[name], 2)
                if shift_hours[name]
                else None,
                "load_on_shift_mean": round(statistics.mean(samples[name]), 2)
                if samples[name]
                else None,
                "load_on_shift_max": max(samples[name]) if samples[name] else None,
            }
            for name in sorted(names.values())
        },
        "hourly_load_spread_among_on_shift_speakers": {
            "samples": len(spreads),
            "median": statistics.median(spreads) if spreads else None,
            "max": max(spreads) if spreads else None,
        },
        "answered": answered,
        "seconds": round(elapsed),
    }


def run() -> dict[str, Any]:
    import json

    with scratch_database("routing-week"):
        result = simulate()
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return result


if __name__ == "__main__":
    run()
