"""Two POSTs of a score at once (real threads and connections): exactly one is recorded, the
other is told the request was rated; a bad score opens exactly one follow-up."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from desk.core.errors import DeskError
from desk.satisfaction import services
from desk.satisfaction.models import FollowUp, Survey
from desk.satisfaction.tests.conftest import resolve
from desk.tickets.tests.builders import open_request
from tests.reliability.seeding import restore_seeded_rows  # noqa: F401 — a fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_seeded_rows"),
]


def _at_once(actions: list[Callable[[], object]]) -> tuple[list[object], list[DeskError]]:
    start = threading.Barrier(len(actions))
    done: list[object] = []
    refused: list[DeskError] = []
    crashed: list[BaseException] = []

    def run(action: Callable[[], object]) -> None:
        try:
            start.wait()
            done.append(action())
        except DeskError as exc:
            refused.append(exc)
        except BaseException as exc:
            crashed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert crashed == []
    return done, refused


@pytest.mark.parametrize("round_", range(3))
def test_two_scores_at_once_record_exactly_one(
    alice, alice_store, alice_subscription, engineer_en, round_
):
    # given: a resolved request's survey
    ticket = resolve(open_request(alice, alice_store), engineer_en)
    survey = services.offer_survey(ticket=ticket)
    assert survey is not None

    # when: "bad" and "good" are confirmed at the same moment
    done, refused = _at_once(
        [
            lambda: services.cast_score(survey_id=survey.pk, score="bad", channel="email"),
            lambda: services.cast_score(survey_id=survey.pk, score="good", channel="portal"),
        ]
    )

    # then: one recorded, the other refused with its code; the stored score is the winner's
    assert len(done) == 1
    assert [error.code for error in refused] == ["survey_already_scored"]
    winner = done[0]
    assert isinstance(winner, Survey)
    stored = Survey.objects.get(pk=survey.pk)
    assert (stored.score, stored.channel) == (winner.score, winner.channel)
    assert FollowUp.objects.filter(survey=survey).count() == (1 if stored.score == "bad" else 0)
