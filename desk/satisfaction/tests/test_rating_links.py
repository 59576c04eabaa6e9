"""One-click rating links: GET only confirms, POST records the first score; forged, tampered,
expired and foreign links get a page with their code and nothing is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from desk.satisfaction.links import SALT, make_token
from desk.satisfaction.models import FollowUp, Survey


def _url(token: str) -> str:
    return reverse("portal:survey", args=[token])


def _unchanged(survey: Survey) -> None:
    survey.refresh_from_db()
    assert (survey.score, survey.scored_at, survey.comment) == ("", None, "")


def test_get_only_shows_a_confirmation(client, survey):
    # when: a mail scanner (or the customer) opens the "bad" link
    response = client.get(_url(make_token(survey)) + "?score=bad")

    # then: a page with the score preselected and a button; nothing recorded
    assert response.status_code == 200
    assert b"data-survey-form" in response.content
    assert b'value="bad" required id="id_score_2" checked' in response.content
    _unchanged(survey)
    assert not FollowUp.objects.exists()


def test_post_records_the_first_score_and_offers_a_comment(client, survey):
    token = make_token(survey)

    # when
    response = client.post(_url(token), {"score": "good"})

    # then
    assert response.status_code == 200
    assert b'data-recorded-score="good"' in response.content
    assert reverse("portal:survey_comment", args=[token]).encode() in response.content
    survey.refresh_from_db()
    assert (survey.score, survey.channel) == ("good", "email")
    assert survey.scored_at is not None


def test_a_second_click_shows_the_recorded_score_and_changes_nothing(client, survey):
    # given: rated good
    token = make_token(survey)
    client.post(_url(token), {"score": "good"})
    survey.refresh_from_db()
    first_at = survey.scored_at

    # when: the "bad" link is clicked and confirmed later (replay of the same link)
    page = client.get(_url(token) + "?score=bad")
    response = client.post(_url(token), {"score": "bad"})

    # then: the first score stands; the page says so; no follow-up was opened
    assert b"data-survey-form" not in page.content
    assert response.status_code == 200
    assert b'data-recorded-score="good"' in response.content
    assert b"the first rating counts" in response.content
    survey.refresh_from_db()
    assert (survey.score, survey.scored_at) == ("good", first_at)
    assert not FollowUp.objects.exists()


def test_comment_once_after_the_score(client, survey):
    token = make_token(survey)
    client.post(_url(token), {"score": "okay"})
    comment_url = reverse("portal:survey_comment", args=[token])

    # when: a comment, then another
    first = client.post(comment_url, {"comment": "Quick, but it took two tries."})
    second = client.post(comment_url, {"comment": "Changed my mind"})

    # then: the first stays; the second gets its code
    assert first.status_code == 200
    assert second.status_code == 409
    assert b"survey_already_commented" in second.content
    survey.refresh_from_db()
    assert survey.comment == "Quick, but it took two tries."


def test_comment_before_score_is_refused(client, survey):
    response = client.post(
        reverse("portal:survey_comment", args=[make_token(survey)]), {"comment": "Hi"}
    )
    assert response.status_code == 409
    assert b"survey_not_scored" in response.content
    _unchanged(survey)


def _forged(survey: Survey) -> str:
    # the right claims, signed with another key
    return signing.dumps(
        {"s": survey.pk, "t": survey.ticket_id, "c": survey.customer_id},
        key="not-the-site-key",
        salt=SALT,
    )


def _tampered(survey: Survey) -> str:
    token = make_token(survey)
    payload, rest = token.split(":", 1)
    other = signing.dumps({"s": survey.pk + 1, "t": survey.ticket_id, "c": survey.customer_id})
    return other.split(":", 1)[0] + ":" + rest if payload else token


def _other_salt(survey: Survey) -> str:
    # a genuine signature made for another purpose (e.g. a password-reset style token)
    return signing.dumps({"s": survey.pk, "t": survey.ticket_id, "c": survey.customer_id})


def _wrong_ticket(survey: Survey) -> str:
    return signing.dumps(
        {"s": survey.pk, "t": survey.ticket_id + 1000, "c": survey.customer_id}, salt=SALT
    )


def _not_claims(survey: Survey) -> str:
    return signing.dumps(["s", survey.pk], salt=SALT)


@pytest.mark.parametrize(
    "make", [_forged, _tampered, _other_salt, _wrong_ticket, _not_claims, lambda s: "garbage"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_links_get_a_code_and_save_nothing(client, survey, make, method):
    # when
    response = getattr(client, method)(_url(make(survey)), {"score": "bad"})

    # then
    assert response.status_code == 400
    assert b'data-error-code="survey_link_invalid"' in response.content
    _unchanged(survey)
    assert not FollowUp.objects.exists()


def test_an_expired_link_gets_its_code(client, survey, clock):
    # given: the link's 30 days have passed
    token = make_token(survey)
    clock.advance(days=31)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: clock().timestamp())
        response = client.post(_url(token), {"score": "bad"})

    # then
    assert response.status_code == 410
    assert b'data-error-code="survey_link_expired"' in response.content
    _unchanged(survey)


def test_a_closed_survey_refuses_a_late_score(client, survey, clock):
    # given: the link is still genuine, but the survey's window has closed
    Survey.objects.filter(pk=survey.pk).update(expires_at=clock() - timedelta(minutes=1))

    # when
    response = client.post(_url(make_token(survey)), {"score": "good"})

    # then
    assert response.status_code == 410
    assert b'data-error-code="survey_closed"' in response.content
    _unchanged(survey)


def test_another_signed_in_customer_cannot_use_the_link(client, survey, bob):
    # given: Bob is signed in and holds Alice's link
    client.force_login(bob)

    # when
    response = client.post(_url(make_token(survey)), {"score": "bad"})

    # then
    assert response.status_code == 403
    assert b'data-error-code="survey_other_customer"' in response.content
    assert b"Checkout page" not in response.content  # Alice's subject is not shown
    _unchanged(survey)


def test_an_unknown_score_is_a_form_error(client, survey):
    response = client.post(_url(make_token(survey)), {"score": "excellent"})
    assert response.status_code == 400
    _unchanged(survey)


def test_an_anonymous_page_speaks_the_survey_language(client, survey):
    Survey.objects.filter(pk=survey.pk).update(language="ru")
    response = client.get(_url(make_token(survey)))
    assert "Как мы справились?".encode() in response.content
