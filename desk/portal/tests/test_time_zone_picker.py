"""The time zone picker lists zones people live in, each with its offset (issue 12): not the
~600 raw names of the IANA database ("Factory", "localtime", "Etc/GMT+5")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from desk.accounts.models import curated_time_zones


def _options(page: str) -> dict[str, str]:
    select = re.search(r'<select name="time_zone".*?</select>', page, re.S)
    assert select is not None
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0)))


def test_sign_up_offers_the_curated_zones_with_their_offsets(client, db):
    # when
    options = _options(client.get(reverse("portal:signup")).content.decode())
    # then
    assert sorted(options) == sorted(curated_time_zones())
    assert options["Europe/Moscow"] == "Moscow (UTC+03:00)"
    assert options["America/Argentina/Buenos_Aires"] == "Buenos Aires (UTC\u221203:00)"
    labels = list(options.values())
    assert labels[0] == "UTC (UTC+00:00)"
    assert labels[1:] == sorted(labels[1:], key=str.casefold)  # typing a city finds it
    assert len(set(labels)) == len(labels)
    for machine_name in ("Factory", "localtime", "Etc/GMT+5", "US/Eastern", "EST5EDT"):
        assert machine_name not in options
    assert "Europe/Kyiv" in options  # one name per zone
    assert "Europe/Kiev" not in options
    assert 350 < len(options) < 450


@pytest.mark.parametrize("zone", ["Factory", "Etc/GMT+5", "localtime"])
def test_a_zone_off_the_list_is_refused_in_preferences(client, alice, zone):
    # given
    client.force_login(alice)
    # when
    response = client.post(
        reverse("portal:account"), {"language": "en", "time_zone": zone, "full_name": "Alice"}
    )
    # then
    assert response.status_code in (200, 400)
    assert "Unknown time zone." in response.content.decode()
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Berlin"


def test_the_picker_names_cities_in_the_viewers_language(client, db):
    # when a Russian visitor signs up
    page = client.get(reverse("portal:signup"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    options = _options(page)
    # then
    assert options["Europe/Moscow"] == "Москва (UTC+03:00)"
    assert options["Europe/Berlin"].startswith("Берлин (UTC+0")
    assert not any("/" in label for label in options.values())
