"""Live calls on the portal's request page: the offered times in the customer's zone, asking,
a refusal on the form with nothing stored, cancelling, the invite download."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
from django.urls import reverse
from django.utils import timezone, translation

from desk.calls import services
from desk.calls.models import Call, CallStatus
from desk.calls.selectors import Slot
from desk.calls.tests.conftest import ask, hotrush, monday  # noqa: F401  # fixtures
from desk.portal.forms.calls import slot_choices
from desk.tickets.tests.builders import at_moscow
from desk.tickets.tests.conftest import (  # noqa: F401  # fixtures
    _own_media_root,
    alice_store,
    alice_subscription,
)


def test_the_request_page_offers_times_in_the_customers_zone(client, alice, hotrush, monday):  # noqa: F811
    client.force_login(alice)
    page = client.get(reverse("portal:ticket", args=[hotrush.pk])).content.decode()
    assert "data-call-form" in page
    # Monday 09:00 Moscow is labelled in Berlin time (07:00 in winter, 08:00 in summer)
    value = at_moscow(monday, 0, 9).isoformat()
    local = at_moscow(monday, 0, 9).astimezone(ZoneInfo("Europe/Berlin"))
    assert f'value="{value}">{local.hour}:00\u202fAM</option>' in page  # the formatting layer
    assert "60 of 60 minutes of calls left" in page


def test_asking_from_the_page(client, alice, hotrush, monday):  # noqa: F811
    client.force_login(alice)
    response = client.post(
        reverse("portal:call_request", args=[hotrush.pk]),
        {
            "handle_kind": "skype",
            "handle": "alice.archer",
            "duration_minutes": "30",
            "windows": [at_moscow(monday, 0, 10).isoformat(), at_moscow(monday, 0, 11).isoformat()],
        },
    )
    assert response.status_code == 302
    call = Call.objects.get()
    assert (call.status, len(call.windows)) == (CallStatus.REQUESTED, 2)


def test_a_bad_handle_is_shown_on_the_form_and_nothing_is_stored(client, alice, hotrush, monday):  # noqa: F811
    client.force_login(alice)
    response = client.post(
        reverse("portal:call_request", args=[hotrush.pk]),
        {
            "handle_kind": "phone",
            "handle": "030 123",
            "duration_minutes": "30",
            "windows": [at_moscow(monday, 0, 10).isoformat()],
        },
    )
    assert response.status_code == 400
    assert "international form" in response.content.decode()
    assert not Call.objects.exists()


def test_someone_elses_call_is_a_404(client, bob, hotrush, monday):  # noqa: F811
    call = ask(hotrush, at_moscow(monday, 0, 10))
    client.force_login(bob)
    assert client.post(reverse("portal:call_cancel", args=[call.pk])).status_code == 404
    assert client.get(reverse("portal:call_invite", args=[call.pk])).status_code == 404
    assert client.post(reverse("portal:call_request", args=[hotrush.pk]), {}).status_code == 404
    assert Call.objects.get(pk=call.pk).status == CallStatus.REQUESTED


def test_the_invite_downloads_and_parses(client, alice, hotrush, monday, engineer_en):  # noqa: F811
    call = ask(hotrush, at_moscow(monday, 0, 10))
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_en, actor=engineer_en.user
    )
    client.force_login(alice)
    response = client.get(reverse("portal:call_invite", args=[call.pk]))
    assert response["Content-Type"] == "text/calendar; method=REQUEST"
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == at_moscow(monday, 0, 10)
    page = client.get(reverse("portal:ticket", args=[hotrush.pk])).content.decode()
    assert 'data-call-status="confirmed"' in page

    client.post(reverse("portal:call_cancel", args=[call.pk]))
    assert Call.objects.get(pk=call.pk).status == CallStatus.CANCELLED
    cancelled = client.get(reverse("portal:call_invite", args=[call.pk]))
    assert icalendar.Calendar.from_ical(cancelled.content)["METHOD"] == "CANCEL"


def test_call_slots_are_grouped_and_labelled_by_the_formatting_layer():
    starts = [datetime(2026, 12, 7, 6, 0, tzinfo=UTC), datetime(2026, 12, 7, 13, 0, tzinfo=UTC)]
    slots = [Slot(starts_at=s, ends_at=s, engineer_ids=(1,)) for s in starts]
    with translation.override("ru"), timezone.override("Europe/Moscow"):
        choices = slot_choices(slots)
    assert choices == [
        ("пн, 7 декабря", [(starts[0].isoformat(), "09:00"), (starts[1].isoformat(), "16:00")])
    ]
