"""A resolved request is asked about once, by mail in the customer's language."""

from __future__ import annotations

from datetime import timedelta

from desk.outbox.models import OutboxMail
from desk.outbox.rendering import render_mail
from desk.satisfaction import services
from desk.satisfaction.models import Survey
from desk.satisfaction.tests.conftest import resolve
from desk.tickets import services as ticket_services
from desk.tickets.tests.builders import open_request


def test_the_sweep_asks_each_resolved_request_once_by_mail(resolved, engineer_en):
    # when: the periodic sweep runs twice
    first = services.offer_due_surveys()
    second = services.offer_due_surveys()

    # then: one survey, snapshotting who answered, on which plan and department; one mail
    assert (first, second) == (1, 0)
    survey = Survey.objects.get(ticket=resolved)
    assert survey.engineer_id == engineer_en.pk
    assert survey.plan_id == resolved.plan_id
    assert survey.department_id == resolved.department_id
    assert survey.score == ""
    mails = OutboxMail.objects.filter(template="satisfaction_survey")
    assert mails.count() == 1
    assert mails.get().recipient_email == "alice@example.com"


def test_open_and_long_resolved_requests_are_not_asked(
    alice, alice_store, alice_subscription, engineer_en, clock
):
    # given: an open request, and one resolved longer ago than DESK_CSAT_OFFER_DAYS
    open_request(alice, alice_store, subject="Still open")
    old = resolve(open_request(alice, alice_store, subject="Old"), engineer_en)
    clock.advance(days=8)

    # when
    asked = services.offer_due_surveys()

    # then
    assert asked == 0
    assert not Survey.objects.filter(ticket=old).exists()


def test_a_reopened_request_is_asked_at_its_next_resolution(resolved, alice, engineer_en):
    # given: the customer writes again before the sweep
    ticket_services.add_customer_message(ticket=resolved, author=alice, body="It is back.")
    assert services.offer_due_surveys() == 0

    # when: it is resolved again
    resolve(resolved, engineer_en)

    # then
    assert services.offer_due_surveys() == 1


def test_survey_mail_has_one_link_per_score_in_russian(resolved, alice):
    # given: Alice reads Russian
    alice.language = "ru"
    alice.save(update_fields=["language"])
    resolved.customer.refresh_from_db()

    # when
    survey = services.offer_survey(ticket=resolved)

    # then: the mail is Russian, with three signed links that differ only in the score
    mail = OutboxMail.objects.get(template="satisfaction_survey")
    assert mail.language == "ru"
    rendered = render_mail(mail.template, mail.language, mail.context)
    assert rendered.subject.startswith(f"[{resolved.reference}] Как мы справились?")
    links = [mail.context[f"{score}_url"] for score in ("good", "okay", "bad")]
    assert [link.rsplit("?", 1)[1] for link in links] == ["score=good", "score=okay", "score=bad"]
    assert len({link.rsplit("?", 1)[0] for link in links}) == 1
    assert all(link in rendered.text for link in links)
    assert survey is not None
    assert survey.expires_at - survey.asked_at == timedelta(days=30)
