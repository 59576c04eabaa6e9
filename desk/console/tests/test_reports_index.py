"""The reports index links every report; the console's navigation links the index."""

from __future__ import annotations

import pytest
from django.urls import reverse

REPORTS = ("sla_report", "reply_times", "backlog", "fair_use", "revenue")


def test_the_index_links_every_report(client, engineer_en):
    # given
    client.force_login(engineer_en.user)

    # when
    response = client.get(reverse("console:reports"))

    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert [name for name in REPORTS if f'href="{reverse(f"console:{name}")}"' in content] == list(
        REPORTS
    )


def test_the_queue_links_the_reports(client, engineer_en):
    client.force_login(engineer_en.user)

    content = client.get(reverse("console:queue")).content.decode()

    assert f'href="{reverse("console:reports")}"' in content


def test_the_index_runs_a_fixed_number_of_queries(client, engineer_en, django_assert_num_queries):
    client.force_login(engineer_en.user)

    with django_assert_num_queries(2):  # session, user with engineer
        client.get(reverse("console:reports"))


@pytest.mark.parametrize("name", ["reports", *REPORTS])
@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_reports_are_404_for_everyone_but_engineers(client, alice, who, name):
    if who == "customer":
        client.force_login(alice)

    assert client.get(reverse(f"console:{name}")).status_code == 404


@pytest.mark.parametrize("name", ["reports", *REPORTS])
def test_reports_are_in_russian_for_russian_engineers(client, engineer_ru, name):
    client.force_login(engineer_ru.user)

    response = client.get(reverse(f"console:{name}"))

    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
