"""Geometry of the report charts: pure, exact numbers; axes, ticks, labels that are never cut."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desk.reports.charts import (
    NARROW_WIDTH,
    PALETTE,
    Row,
    Series,
    bar_chart,
    nice_ticks,
    text_width,
)


def test_one_series_fills_the_plot_from_the_baseline_under_round_y_ticks():
    # given values 4 and 2 on a 120 × 144 chart: y ticks 0..4, a plot from y=24 to y=124
    chart = bar_chart(["a", "b"], [Series("n", [4, 2])], description="d", width=120, height=144)
    # then the y axis reads 0, 1, 2, 3, 4 with one gridline each, 25 px apart
    assert [(tick.y, tick.label) for tick in chart.y_ticks] == [
        (124.0, "0"),
        (99.0, "1"),
        (74.0, "2"),
        (49.0, "3"),
        (24.0, "4"),
    ]
    assert (chart.top, chart.bottom, chart.baseline) == (24.0, 124.0, 124.0)
    # and the plot starts right of the widest y label, the bars share it
    assert chart.left == round(text_width("4") + 10, 2)
    big, small = chart.bars
    assert (big.y, big.height, small.y, small.height) == (24.0, 100.0, 74.0, 50.0)
    assert (big.colour, big.title, big.text) == (PALETTE[0], "n · a: 4", "4")


def test_two_series_sit_side_by_side_and_unplotted_series_only_reach_the_table():
    chart = bar_chart(
        ["a"],
        [Series("x", [1]), Series("y", [3], ["three"]), Series("all", [4], plotted=False)],
        description="d",
    )
    x, y = chart.bars
    assert x.x + x.width == y.x
    assert (x.title, y.title) == ("x · a: 1", "y · a: three")
    assert [item.name for item in chart.legend] == ["x", "y"]
    assert chart.columns == ["x", "y", "all"]
    assert chart.rows == [Row("a", "a", ["1", "three", "4"], [1, 3, 4])]


def test_negative_values_hang_below_the_zero_line():
    # given +3 and -1: ticks -1..3, so the zero line sits a quarter of the plot above its bottom
    chart = bar_chart(
        ["up", "down"], [Series("net", [3, -1])], description="d", width=120, height=144
    )
    assert [tick.label for tick in chart.y_ticks] == ["-1", "0", "1", "2", "3"]
    assert chart.baseline == 99.0
    up, down = chart.bars
    assert (up.y, up.height) == (24.0, 75.0)
    assert (down.y, down.height) == (99.0, 25.0)


def test_all_zero_or_empty_data_draws_flat_bars_without_dividing_by_zero():
    flat = bar_chart(["a", "b"], [Series("n", [0, 0])], description="d")
    assert [bar.height for bar in flat.bars] == [0.0, 0.0]
    assert [tick.label for tick in flat.y_ticks] == ["0", "1"]
    empty = bar_chart([], [Series("n", [])], description="d")
    assert (empty.bars, empty.ticks, empty.rows) == ([], [], [])


@pytest.mark.parametrize(
    ("low", "high", "whole", "expected"),
    [
        (0, 7, True, [0, 2, 4, 6, 8]),
        (0, 1, True, [0, 1]),
        (0, 100, False, [0, 25, 50, 75, 100]),
        (-841, 990, False, [-1000, -500, 0, 500, 1000]),
        (0, 0.3, False, [0, 0.1, 0.2, 0.3]),
    ],
)
def test_y_ticks_are_round_numbers_covering_the_values_and_zero(low, high, whole, expected):
    assert nice_ticks(low, high, whole=whole) == expected


def test_the_latest_bar_keeps_its_label_and_no_label_leaves_the_chart():
    # given 30 days where only today has requests: the backlog's only bar (issue 12)
    days = [f"{day} Dec" for day in range(1, 31)]
    chart = bar_chart(days, [Series("n", [0] * 29 + [3])], description="d", label_every=5)
    # then today's label sits under today's bar
    today = chart.bars[-1]
    assert chart.ticks[-1].label == "30 Dec"
    assert abs(chart.ticks[-1].x - (today.x + today.width / 2)) < text_width("30 Dec") / 2
    # and every label lies wholly inside the chart, none overlapping the next
    for tick in chart.ticks:
        half = text_width(tick.label) / 2
        assert tick.x - half > 0
        assert tick.x + half < chart.width
    for left, right in zip(chart.ticks, chart.ticks[1:], strict=False):
        assert left.x + text_width(left.label) / 2 < right.x - text_width(right.label) / 2


def test_long_labels_thin_out_and_edge_labels_are_pulled_inside():
    # given twelve long month names on a narrow chart
    months = [f"Сентябрь 20{n:02d}" for n in range(12)]
    chart = bar_chart(months, [Series("n", list(range(12)))], description="d", width=400)
    assert chart.ticks[-1].label == months[-1]
    assert len(chart.ticks) < 12
    last = chart.ticks[-1]
    assert last.x + text_width(last.label) / 2 < chart.width


def test_values_keep_their_type_for_the_csv_and_read_as_their_texts():
    chart = bar_chart(
        ["Jun 2025"],
        [Series("Net", [Decimal("-841.00")], ["USD -841.00"])],
        description="d",
        keys=["2025-06"],
        unit="USD",
    )
    assert chart.rows == [Row("2025-06", "Jun 2025", ["USD -841.00"], [Decimal("-841.00")])]
    assert chart.rows[0].exported == "Jun 2025"  # the key is an identifier, not data
    assert chart.bars[0].text == "USD -841.00"
    # the value label above a bar stays inside the chart too
    assert chart.bars[0].text_x + text_width("USD -841.00") / 2 < chart.width


def test_a_wide_chart_carries_a_narrow_drawing_of_the_same_data_for_phones():
    # given 30 daily values on the default 640 px chart
    days = [f"{day} Nov" for day in range(1, 31)]
    chart = bar_chart(days, [Series("open", list(range(30)))], description="d")
    # then a 300 px drawing comes with it: same bars and y ticks, fewer day labels
    narrow = chart.narrow
    assert narrow is not None
    assert (chart.width, narrow.width, narrow.height) == (640, NARROW_WIDTH, chart.height)
    assert len(narrow.bars) == len(chart.bars) == 30
    assert [t.label for t in narrow.y_ticks] == [t.label for t in chart.y_ticks]
    assert [t.label for t in narrow.ticks] == ["6 Nov", "12 Nov", "18 Nov", "24 Nov", "30 Nov"]
    assert len(chart.ticks) == 10
    assert all(t.x - text_width(t.label) / 2 >= 0 for t in narrow.ticks)
    assert all(t.x + text_width(t.label) / 2 <= NARROW_WIDTH for t in narrow.ticks)
    # and a chart no wider than that has none
    assert bar_chart(["a"], [Series("n", [1])], description="d", width=300).narrow is None
