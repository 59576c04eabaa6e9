"""The customer rates their own request in the portal and through the API; nobody else can."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.outbox.models import OutboxMail
from desk.satisfaction.models import Survey
from desk.tickets.tests.builders import open_request


def test_the_resolved_request_page_offers_the_rating(client, alice, resolved):
    client.force_login(alice)
    page = client.get(reverse("portal:ticket", args=[resolved.pk]))
    assert b"data-survey-panel" in page.content
    assert reverse("portal:ticket_rating", args=[resolved.pk]).encode() in page.content


def test_an_open_request_page_has_no_rating(client, alice, alice_store, alice_subscription):
    ticket = open_request(alice, alice_store)
    client.force_login(alice)
    page = client.get(reverse("portal:ticket", args=[ticket.pk]))
    assert b"data-survey-panel" not in page.content


def test_rating_in_the_portal_before_the_sweep_asks_without_mail(client, alice, resolved):
    # when: Alice rates on the page before any survey mail went out
    client.force_login(alice)
    response = client.post(reverse("portal:ticket_rating", args=[resolved.pk]), {"score": "okay"})
    client.post(
        reverse("portal:ticket_rating_comment", args=[resolved.pk]), {"comment": "Slow start."}
    )

    # then: recorded; no survey mail is sent any more (it is answered)
    assert response.status_code == 302
    survey = Survey.objects.get(ticket=resolved)
    assert (survey.score, survey.channel, survey.comment) == ("okay", "portal", "Slow start.")
    assert not OutboxMail.objects.filter(template="satisfaction_survey").exists()
    page = client.get(reverse("portal:ticket", args=[resolved.pk]))
    assert b'data-recorded-score="okay"' in page.content


def test_bob_cannot_rate_alices_request_in_the_portal(client, bob, resolved):
    client.force_login(bob)
    response = client.post(reverse("portal:ticket_rating", args=[resolved.pk]), {"score": "bad"})
    assert response.status_code == 404
    assert not Survey.objects.exists()


def _api(ticket_id: int, tail: str = "") -> str:
    return f"/api/tickets/{ticket_id}/satisfaction{tail}"


def test_api_reads_and_casts_once(client, alice, resolved):
    client.force_login(alice)

    # given: resolved, not asked yet
    before = client.get(_api(resolved.pk)).json()
    assert (before["score"], before["can_score"], before["expires_at"]) == (None, True, None)

    # when: rated with a comment, then again
    first = client.post(
        _api(resolved.pk), {"score": "good", "comment": "Thanks!"}, content_type="application/json"
    )
    second = client.post(_api(resolved.pk), {"score": "bad"}, content_type="application/json")

    # then
    assert first.status_code == 200
    body = first.json()
    assert (body["score"], body["comment"], body["can_score"]) == ("good", "Thanks!", False)
    assert second.status_code == 409
    assert second.json()["code"] == "survey_already_scored"
    assert Survey.objects.get(ticket=resolved).score == "good"


def test_api_refuses_an_unknown_score_with_a_code(client, alice, resolved):
    client.force_login(alice)
    response = client.post(_api(resolved.pk), {"score": "great"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_score"
    assert not Survey.objects.filter(score__gt="").exists()


def test_api_open_request_has_no_survey(client, alice, alice_store, alice_subscription):
    ticket = open_request(alice, alice_store)
    client.force_login(alice)
    response = client.post(_api(ticket.pk), {"score": "good"}, content_type="application/json")
    assert response.status_code == 404
    assert response.json()["code"] == "survey_not_found"
    assert not Survey.objects.exists()


@pytest.mark.parametrize("who", ["bob", "engineer_en"])
def test_api_others_cannot_read_or_cast(client, resolved, survey, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user if who == "bob" else user.user)

    read = client.get(_api(resolved.pk))
    cast = client.post(_api(resolved.pk), {"score": "bad"}, content_type="application/json")

    assert (read.status_code, cast.status_code) == (404, 404)
    assert cast.json()["code"] == "ticket_not_found"
    survey.refresh_from_db()
    assert survey.score == ""
