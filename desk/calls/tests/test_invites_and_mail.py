"""Both sides hear of a call in their own language and zone; confirmations carry an .ics invite
(METHOD:REQUEST, one UID for the call's life, SEQUENCE growing), cancellations METHOD:CANCEL; a
reminder goes out 15 minutes before, once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import icalendar
import pytest
from django.core import mail as django_mail

from desk.accounts.models import User
from desk.calls import services
from desk.calls.models import Call
from desk.calls.notifications import local_when
from desk.calls.tests.conftest import ask
from desk.outbox.delivery import build_message
from desk.outbox.models import OutboxMail
from desk.tickets.tests.builders import at_moscow, open_request


@pytest.fixture
def bob_hotrush(bob, bob_store, bob_subscription, engineer_ru, monday):
    """Bob (Russian, Yekaterinburg) on a Russian Hotrush request; Roman answers in Russian."""
    return open_request(bob, bob_store, is_hotrush=True, language="ru")


def _event(mail: OutboxMail) -> Any:
    calendar = icalendar.Calendar.from_ical(mail.calendar)
    (event,) = calendar.walk("VEVENT")
    return event


def _method(mail: OutboxMail) -> str:
    return str(icalendar.Calendar.from_ical(mail.calendar)["METHOD"])


def test_confirmation_mails_both_sides_in_their_zone_with_an_invite(
    hotrush, monday, engineer_ru, alice
):
    # given: the engineer reads Russian in Moscow, Alice English in Berlin
    engineer_ru.speaks_en = True
    engineer_ru.save(update_fields=["speaks_en"])
    call = ask(hotrush, at_moscow(monday, 0, 10))

    # when
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_ru, actor=engineer_ru.user
    )

    # then
    to_alice = OutboxMail.objects.get(recipient=alice, template="call_update")
    to_roman = OutboxMail.objects.get(recipient=engineer_ru.user, template="call_update")
    assert (to_alice.language, to_roman.language) == ("en", "ru")
    assert "8:00\u202fAM" in to_alice.context["when"]  # 10:00 Moscow is 08:00 in Berlin (CET)
    assert to_alice.context["zone"] == "Berlin"
    assert "10:00" in to_roman.context["when"]
    assert to_roman.context["zone"] == "Москва"
    for sent in (to_alice, to_roman):
        event = _event(sent)
        assert _method(sent) == "REQUEST"
        assert str(event["UID"]) == f"{call.uid}@supportdesk.example"
        assert int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == at_moscow(monday, 0, 10)
        assert event.decoded("DTEND") == at_moscow(monday, 0, 10, 30)
    rendered = build_message(to_roman)
    assert "Звонок по обращению" in rendered.body
    assert rendered.subject.startswith("Звонок подтверждён")


@pytest.mark.parametrize(
    ("language", "zone", "when", "named"),
    [
        ("en", "Europe/Berlin", "Dec 7, 2026, 8:00\u202fAM", "Berlin"),
        ("ru", "Europe/Moscow", "7 дек. 2026, 10:00", "Москва"),
        ("en", "Not/AZone", "Dec 7, 2026, 7:00\u202fAM", "UTC"),
    ],
)
def test_the_call_time_is_written_as_pages_write_moments(language, zone, when, named):
    # given a call at 10:00 Moscow, for a reader of `language` in `zone`
    reader = User(language=language, time_zone=zone)
    # when
    text, shown_zone = local_when(datetime(2026, 12, 7, 7, 0, tzinfo=UTC), reader)
    # then: the formatting layer's moment (desk.core.formatting), the zone named by its city
    assert (text, shown_zone) == (when, named)


def test_the_call_mail_shows_the_time_in_each_language(hotrush, monday, engineer_ru, alice):
    # given: Roman reads Russian in Moscow, Alice English in Berlin
    engineer_ru.speaks_en = True
    engineer_ru.save(update_fields=["speaks_en"])
    call = ask(hotrush, at_moscow(monday, 0, 10))
    # when
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_ru, actor=engineer_ru.user
    )
    # then
    to_alice = build_message(OutboxMail.objects.get(recipient=alice, template="call_update"))
    to_roman = build_message(
        OutboxMail.objects.get(recipient=engineer_ru.user, template="call_update")
    )
    day = at_moscow(monday, 0, 10).date()
    english = f"{day:%b} {day.day}, {day.year}, 8:00\u202fAM (Berlin)"
    assert f"is confirmed for {english}, 30 minutes." in to_alice.body
    russian = f"{day.day} {RU_MONTHS[day.month - 1]} {day.year}, 10:00 (Москва)"
    assert f"подтверждён на {russian}, 30 мин." in to_roman.body


RU_MONTHS = (
    "янв.", "февр.", "мар.", "апр.", "мая", "июн.",
    "июл.", "авг.", "сент.", "окт.", "нояб.", "дек.",
)  # fmt: skip


def test_reschedule_sends_the_same_uid_with_a_higher_sequence_then_cancel(
    bob_hotrush, monday, engineer_ru, bob
):
    call = ask(bob_hotrush, at_moscow(monday, 0, 10), handle="bob.bobrov")
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_ru, actor=engineer_ru.user
    )
    services.reschedule_call(call=call, customer=bob, windows=[at_moscow(monday, 1, 12)])
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 1, 12), engineer=engineer_ru, actor=engineer_ru.user
    )
    services.cancel_call(call=call, actor=bob)

    to_bob = list(OutboxMail.objects.filter(recipient=bob, template="call_update").order_by("id"))
    assert [(m.context["kind"], _method(m)) for m in to_bob] == [
        ("confirmed", "REQUEST"),
        ("confirmed", "REQUEST"),
        ("cancelled", "CANCEL"),
    ]
    events = [_event(m) for m in to_bob]
    assert {str(e["UID"]) for e in events} == {f"{call.uid}@supportdesk.example"}
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 2]
    assert events[1].decoded("DTSTART") == at_moscow(monday, 1, 12)
    # Bob reads Yekaterinburg time (Moscow + 2): 12:00 Moscow is 14:00 for him
    assert "14:00" in to_bob[1].context["when"]


def test_the_invite_travels_as_text_calendar(hotrush, monday, engineer_en, deliver_mail):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    with deliver_mail():
        services.confirm_call(
            call=call,
            starts_at=at_moscow(monday, 0, 10),
            engineer=engineer_en,
            actor=engineer_en.user,
        )
    sent = [m for m in django_mail.outbox if "Call confirmed" in m.subject]
    assert len(sent) == 2
    name, content, mimetype = sent[0].attachments[0]
    assert (name, mimetype) == ("invite.ics", "text/calendar; method=REQUEST")
    assert icalendar.Calendar.from_ical(content)["METHOD"] == "REQUEST"


def test_a_proposal_and_a_refusal_are_told_to_the_customer(hotrush, monday, engineer_en, alice):
    first = ask(hotrush, at_moscow(monday, 0, 10))
    second = ask(hotrush, at_moscow(monday, 0, 14))
    services.propose_call(
        call=first, starts_at=at_moscow(monday, 1, 10), engineer=engineer_en, actor=engineer_en.user
    )
    services.decline_call(call=second, reason="One call is enough", actor=engineer_en.user)
    kinds = list(
        OutboxMail.objects.filter(template="call_update")
        .order_by("id")
        .values_list("recipient_id", "context")
    )
    assert [(r, c["kind"]) for r, c in kinds] == [(alice.pk, "proposed"), (alice.pk, "declined")]
    assert OutboxMail.objects.filter(template="call_update").exclude(calendar="").count() == 0


def test_the_reminder_goes_out_once_15_minutes_before(hotrush, monday, engineer_en, clock):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_en, actor=engineer_en.user
    )

    clock.current = at_moscow(monday, 0, 9, 40)
    assert services.send_due_reminders() == 0
    clock.current = at_moscow(monday, 0, 9, 46)
    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0
    assert services.send_reminder(call_id=call.pk, starts_at=at_moscow(monday, 0, 10)) == (
        "skipped: already reminded"
    )

    reminders = OutboxMail.objects.filter(template="call_update", context__kind="reminder")
    assert reminders.count() == 2
    assert Call.objects.get(pk=call.pk).reminded_at == at_moscow(monday, 0, 9, 46)


def test_a_cancelled_call_gets_no_reminder(hotrush, monday, engineer_en, alice, clock):
    call = ask(hotrush, at_moscow(monday, 0, 12))
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 12), engineer=engineer_en, actor=engineer_en.user
    )
    services.cancel_call(call=call, actor=alice)
    clock.current = at_moscow(monday, 0, 11, 50)
    assert services.send_reminder(call_id=call.pk, starts_at=at_moscow(monday, 0, 12)) == (
        "skipped: not confirmed for that time"
    )
    assert not OutboxMail.objects.filter(context__kind="reminder").exists()
