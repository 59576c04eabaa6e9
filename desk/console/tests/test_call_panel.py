"""Live calls in the console: the panel on the request page, confirming from it, recording
minutes, the day/week list in the engineer's zone, calls in the history."""

from __future__ import annotations

from django.urls import reverse

from desk.calls import services
from desk.calls.models import Call, CallStatus
from desk.calls.tests.conftest import ask, hotrush, monday  # noqa: F401  # fixtures
from desk.tickets.tests.builders import at_moscow
from desk.tickets.tests.conftest import (  # noqa: F401  # fixtures
    _own_media_root,
    alice_store,
    alice_subscription,
)


def test_the_engineer_confirms_from_the_request_page(client, engineer_en, hotrush, monday):  # noqa: F811
    call = ask(hotrush, at_moscow(monday, 0, 10), at_moscow(monday, 0, 11))
    client.force_login(engineer_en.user)

    page = client.get(reverse("console:ticket", args=[hotrush.pk])).content.decode()
    assert 'data-call-status="requested"' in page
    assert at_moscow(monday, 0, 11).isoformat() in page

    response = client.post(
        reverse("console:call_confirm", args=[call.pk]),
        {"starts_at": at_moscow(monday, 0, 11).isoformat()},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.status, call.starts_at, call.engineer) == (
        CallStatus.CONFIRMED,
        at_moscow(monday, 0, 11),
        engineer_en,
    )
    page = client.get(reverse("console:ticket", args=[hotrush.pk])).content.decode()
    assert "Live call" in page  # the history row
    assert 'data-call-status="confirmed"' in page


def test_a_refused_confirmation_is_flashed_and_nothing_changes(
    client,
    engineer_en,
    hotrush,  # noqa: F811
    monday,  # noqa: F811
):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    client.force_login(engineer_en.user)
    response = client.post(
        reverse("console:call_confirm", args=[call.pk]),
        {"starts_at": at_moscow(monday, 0, 12).isoformat()},
        follow=True,
    )
    assert "preferred times" in response.content.decode()
    assert Call.objects.get(pk=call.pk).status == CallStatus.REQUESTED


def test_minutes_are_recorded_after_the_call(client, engineer_en, hotrush, monday, clock):  # noqa: F811
    call = ask(hotrush, at_moscow(monday, 0, 10))
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_en, actor=engineer_en.user
    )
    clock.current = at_moscow(monday, 0, 10, 40)
    client.force_login(engineer_en.user)
    client.post(reverse("console:call_held", args=[call.pk]), {"minutes_used": "35"})
    call.refresh_from_db()
    assert (call.status, call.minutes_used) == (CallStatus.HELD, 35)


def test_the_week_list_shows_booked_calls_in_the_engineers_zone(
    client,
    engineer_en,
    hotrush,  # noqa: F811
    monday,  # noqa: F811
):
    call = ask(hotrush, at_moscow(monday, 0, 10))
    services.confirm_call(
        call=call, starts_at=at_moscow(monday, 0, 10), engineer=engineer_en, actor=engineer_en.user
    )
    engineer_en.user.time_zone = "Asia/Tokyo"
    engineer_en.user.save(update_fields=["time_zone"])
    client.force_login(engineer_en.user)

    page = client.get(
        reverse("console:calls"), {"day": monday.date().isoformat(), "days": "7"}
    ).content.decode()

    assert f'data-call="{call.pk}"' in page
    assert "16:00" in page  # 10:00 Moscow is 16:00 in Tokyo
    empty = client.get(reverse("console:calls"), {"day": "1999-01-01", "days": "1"})
    assert empty.status_code == 200
    assert client.get(reverse("console:calls"), {"day": "nonsense"}).status_code == 200


def test_customers_do_not_reach_console_calls(client, alice, hotrush, monday):  # noqa: F811
    call = ask(hotrush, at_moscow(monday, 0, 10))
    client.force_login(alice)
    assert client.get(reverse("console:calls")).status_code == 404
    assert (
        client.post(reverse("console:call_decline", args=[call.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert Call.objects.get(pk=call.pk).status == CallStatus.REQUESTED
