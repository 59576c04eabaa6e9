"""Bucketing, percentiles and durations: pure, table-driven."""

from __future__ import annotations

import pytest
from django.utils import translation

from desk.reports.distribution import (
    AGE_BOUNDS,
    REPLY_BOUNDS,
    bucket_of,
    format_duration,
    histogram,
    percentile,
)


@pytest.mark.parametrize(
    ("seconds", "bucket"),
    [
        (0, 0),
        (899, 0),
        (900, 1),  # 15 min opens the 15–30 min bucket
        (1799, 1),
        (1800, 2),
        (3599, 2),
        (3600, 3),
        (7200, 4),
        (14400, 5),
        (28800, 6),
        (57599, 6),
        (57600, 7),  # 16 h and more
        (10**9, 7),
    ],
)
def test_reply_seconds_fall_in_their_bucket(seconds, bucket):
    assert bucket_of(seconds, REPLY_BOUNDS) == bucket


@pytest.mark.parametrize(
    ("seconds", "bucket"),
    [(0, 0), (86399, 0), (86400, 1), (3 * 86400, 2), (7 * 86400, 3), (30 * 86400, 4)],
)
def test_ages_fall_in_their_bucket(seconds, bucket):
    assert bucket_of(seconds, AGE_BOUNDS) == bucket


def test_histogram_counts_every_value_once():
    assert histogram([0, 600, 900, 4000, 60000, 60001], REPLY_BOUNDS) == [2, 1, 0, 1, 0, 0, 0, 2]
    assert histogram([], REPLY_BOUNDS) == [0] * 8


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [
        ([], 50, None),
        ([7], 50, 7),
        ([7], 90, 7),
        ([3, 1, 2], 50, 2),
        ([4, 1, 3, 2], 50, 2),  # nearest rank: the lower middle of an even count
        ([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90, 90),
        ([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 90, 100),
        ([5, 5, 5], 90, 5),
        ([1, 2], 100, 2),
    ],
)
def test_percentile_is_the_nearest_rank(values, percent, expected):
    assert percentile(values, percent) == expected


@pytest.mark.parametrize("percent", [0, -1, 101])
def test_percentile_refuses_a_percent_out_of_range(percent):
    with pytest.raises(ValueError, match="percent"):
        percentile([1, 2], percent)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "—"),
        (0, "0 min"),
        (89, "1 min"),
        (2700, "45 min"),
        (3600, "1 h 00 min"),
        (7500, "2 h 05 min"),
        (86400 + 4 * 3600, "1 d 4 h"),
    ],
)
def test_durations_read_in_minutes_hours_and_days(seconds, text):
    with translation.override("en"):  # whatever language an earlier test left active
        assert format_duration(seconds) == text
