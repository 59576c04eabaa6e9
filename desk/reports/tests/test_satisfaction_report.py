"""CSAT by engineer, plan, department and week (one grouped query), as a page and as CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from desk.core import clock as core_clock
from desk.reports.satisfaction import satisfaction_by
from desk.satisfaction import services
from desk.satisfaction.tests.conftest import resolve
from desk.tickets.tests.builders import open_request
from desk.tickets.tests.conftest import (  # noqa: F401  # fixtures
    _own_media_root,
    alice_store,
    alice_subscription,
)


@pytest.fixture
def shop(alice, alice_store, alice_subscription):  # noqa: F811
    """Alice's store, covered by her subscription."""
    return alice_store


def _rated(alice, store, engineer, score):
    ticket = resolve(open_request(alice, store), engineer)
    survey = services.offer_survey(ticket=ticket)
    assert survey is not None
    return services.cast_score(survey_id=survey.pk, score=score, channel="portal")


def _report(dimension: str):
    now = core_clock.now()
    return satisfaction_by(
        dimension=dimension,  # type: ignore[arg-type]
        since=now - timedelta(days=7),
        until=now + timedelta(days=1),
        zone=timezone.get_current_timezone(),
        language="en",
    )


def test_scores_by_engineer_plan_department_and_week(
    alice,
    shop,
    engineer_en,
    engineer_ru,
    django_assert_num_queries,
):
    # given: three scores for the English engineer, one for the Russian one
    for score in ("good", "good", "bad"):
        _rated(alice, shop, engineer_en, score)
    _rated(alice, shop, engineer_ru, "okay")

    # when
    with django_assert_num_queries(1):
        by_engineer = _report("engineer")
    by_plan, by_department, by_week = _report("plan"), _report("department"), _report("week")

    # then
    rows = {row.key: (row.good, row.okay, row.bad, row.csat) for row in by_engineer.rows}
    assert rows == {
        str(engineer_en.pk): (2, 0, 1, Decimal(67)),
        str(engineer_ru.pk): (0, 1, 0, Decimal(0)),
    }
    assert (by_engineer.total.total, by_engineer.total.csat) == (4, Decimal(50))
    assert [(r.key, r.total) for r in by_plan.rows] == [("subscription-1m", 4)]
    assert [(r.key, r.total) for r in by_department.rows] == [("technical-support", 4)]
    assert len(by_week.rows) == 1
    assert by_week.rows[0].total == 4


def test_console_page_and_csv(
    client,
    alice,
    shop,
    engineer_en,
):
    _rated(alice, shop, engineer_en, "bad")
    client.force_login(engineer_en.user)

    page = client.get(reverse("console:csat_report"), {"by": "engineer"})
    download = client.get(reverse("console:csat_csv"), {"by": "engineer"})

    assert page.status_code == 200
    assert f'data-row="{engineer_en.pk}"'.encode() in page.content
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["Engineer", "Good", "Okay", "Bad", "Scores", "CSAT %"]
    assert rows[1][1:] == ["0", "0", "1", "1", "0"]
    assert rows[-1] == ["Total", "0", "0", "1", "1", "0"]


def test_csv_cells_never_start_a_formula(
    client,
    alice,
    shop,
    engineer_en,
):
    engineer_en.user.full_name = '=HYPERLINK("http://evil.example")'
    engineer_en.user.save(update_fields=["full_name"])
    _rated(alice, shop, engineer_en, "good")
    client.force_login(engineer_en.user)

    download = client.get(reverse("console:csat_csv"))

    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


def test_unknown_parameters_fall_back_to_defaults(client, engineer_en):
    client.force_login(engineer_en.user)
    response = client.get(reverse("console:csat_report"), {"by": "'; drop", "weeks": "٣"})
    assert response.status_code == 200
    assert b'data-csat-report="engineer"' in response.content


def test_customers_do_not_see_the_report(client, alice):
    client.force_login(alice)
    assert client.get(reverse("console:csat_report")).status_code == 404
    assert client.get(reverse("console:csat_csv")).status_code == 404
