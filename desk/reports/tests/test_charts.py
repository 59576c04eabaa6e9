"""Bar geometry for the SVG charts: pure, exact numbers."""

from __future__ import annotations

from desk.reports.charts import PALETTE, Bar, Series, Tick, bar_chart


def test_one_series_fills_the_plot_height_from_the_baseline():
    # given a 100 × 130 chart (8 px above, 22 px of labels below: a 100 px plot), two groups
    chart = bar_chart(["a", "b"], [Series("n", [4, 2])], description="d", width=108, height=130)
    # then the tallest bar spans the plot, the other half of it, on a baseline at the bottom
    assert chart.baseline == 108.0
    assert chart.bars == [
        Bar(x=9.0, y=8.0, width=40.0, height=100.0, colour=PALETTE[0], title="n · a: 4"),
        Bar(x=59.0, y=58.0, width=40.0, height=50.0, colour=PALETTE[0], title="n · b: 2"),
    ]
    assert chart.ticks == [Tick(29.0, "a"), Tick(79.0, "b")]


def test_two_series_sit_side_by_side_in_each_group():
    chart = bar_chart(
        ["a"],
        [Series("x", [1]), Series("y", [3], ["three"])],
        description="d",
        width=108,
        height=130,
    )
    assert [(bar.x, bar.width, bar.height, bar.title) for bar in chart.bars] == [
        (14.0, 40.0, 33.33, "x · a: 1"),
        (54.0, 40.0, 100.0, "y · a: three"),
    ]
    assert [item.name for item in chart.legend] == ["x", "y"]


def test_negative_values_hang_below_the_zero_line():
    # given +3 and -1: the zero line sits at three quarters of the plot
    chart = bar_chart(
        ["up", "down"], [Series("net", [3, -1])], description="d", width=108, height=130
    )
    assert chart.baseline == 83.0
    up, down = chart.bars
    assert (up.y, up.height) == (8.0, 75.0)
    assert (down.y, down.height) == (83.0, 25.0)


def test_all_zero_or_empty_data_draws_flat_bars_without_dividing_by_zero():
    flat = bar_chart(["a", "b"], [Series("n", [0, 0])], description="d")
    assert [bar.height for bar in flat.bars] == [0.0, 0.0]
    empty = bar_chart([], [Series("n", [])], description="d")
    assert empty.bars == []
    assert empty.ticks == []


def test_labels_can_be_thinned_out_and_the_latest_bar_keeps_its_label():
    # given 30 days, today's the last: the backlog's only bar is often today's (issue 12)
    chart = bar_chart(
        [str(day) for day in range(30)], [Series("n", [1] * 30)], description="d", label_every=5
    )
    assert [tick.label for tick in chart.ticks] == ["4", "9", "14", "19", "24", "29"]
