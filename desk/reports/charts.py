"""Report charts: the geometry of small SVG bar charts and the table and CSV rows behind them.

One `BarChart` is everything a report shows of one data set: the bars with their axes, ticks
and gridlines, the rows of the accessible table beside it, and the raw values a CSV export
writes. A report declares its categories and series and gets all three (see `bar_chart`).

A chart wider than `NARROW_WIDTH` carries a second geometry of that width (`narrow`), which
the page shows on a phone instead of scaling the wide one down: text keeps its 11 px, and
category labels thin out to fit the narrower groups (issue 12: 6 px text at 390 px).

Pure: plain values in, plain values out. Negative values hang below the zero line. Text widths
are estimated (no font metrics here), generously, so that no label is ever cut at an edge.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial

PALETTE = ("#2f6f9f", "#d9822b", "#2e7d4f", "#8e44ad")
FONT_SIZE = 11
# The phone drawing: a 390 px viewport leaves a chart 310–358 px (page and card padding), and the
# page stretches this one only up to 440 px (static/css/desk.css), so text stays 11–16 px.
NARROW_WIDTH = 300
_GLYPH = 6.8  # a generous average advance at 11 px, Cyrillic included
_TOP, _RIGHT, _LABELS, _TITLE = 24.0, 10.0, 20.0, 16.0

Number = int | float | Decimal


def text_width(text: str) -> float:
    return round(len(text) * _GLYPH, 2)


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[Number | None]
    texts: Sequence[str] | None = None  # how each value reads (tooltip, table); str() if None
    plotted: bool = True  # False: a column of the table and the CSV only, not drawn


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str  # what the tooltip and a screen reader say: "series · category: value"
    text: str  # the value alone, shown above the bar on hover and keyboard focus
    text_x: float
    text_y: float
    slot_x: float  # the hover target: the bar's whole column, so a zero bar can be pointed at
    slot_width: float


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class YTick:
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class Legend:
    name: str
    colour: str


@dataclass(frozen=True, slots=True)
class Row:
    key: str  # identifies the row in the page (data-row)
    label: str
    cells: list[str]
    values: list[Number | None]
    export: str = ""  # the category as a CSV writes it: the label, or the key if it is data

    @property
    def exported(self) -> str:
        return self.export or self.label


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    legend: list[Legend]
    description: str
    y_ticks: list[YTick]
    left: float  # the plot area: x from left to right, y from top to bottom
    right: float
    top: float
    bottom: float
    unit: str  # what the y axis counts, written above it
    category_title: str  # what the x axis runs over, written under it and heading the table
    columns: list[str]  # series names, every one (plotted or not)
    rows: list[Row]
    total: Row | None = None  # a footer row of the table and the CSV, never drawn
    narrow: BarChart | None = None  # the same data drawn NARROW_WIDTH wide, for phones

    def with_total(self, total: Row) -> BarChart:
        return replace(self, total=total)

    @property
    def label_y(self) -> float:
        return self.bottom + _LABELS - 6

    @property
    def title_y(self) -> float:
        return self.height - 4

    @property
    def centre_x(self) -> float:
        return round((self.left + self.right) / 2, 2)

    @property
    def unit_y(self) -> float:
        return FONT_SIZE + 1

    @property
    def y_label_x(self) -> float:
        return self.left - 6

    @property
    def plot_height(self) -> float:
        return round(self.bottom - self.top, 2)


def nice_ticks(low: float, high: float, *, count: int = 5, whole: bool = False) -> list[float]:
    """Round tick values covering `[low, high]` (zero included), about `count` of them."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        high = low + 1.0
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = [m * magnitude for m in (1, 2, 2.5, 5, 10)]
    if whole:
        steps = [max(step, 1.0) for step in steps if step >= 1 and float(step).is_integer()]
    step = next((step for step in steps if step >= raw), 10 * magnitude)
    start, end = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    return [round(start + i * step, 10) for i in range(round((end - start) / step) + 1)]


def tick_label(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    description: str,
    width: int = 640,
    height: int = 220,
    label_every: int = 1,
    unit: str = "",
    category_title: str = "",
    keys: Sequence[str] | None = None,
    keys_are_data: bool = False,
    domain: tuple[float, float] | None = None,
) -> BarChart:
    """Grouped bars: one group per category, one bar per plotted series in each group.

    `keys` identify the categories (codes); with `keys_are_data` a CSV writes them instead of
    the labels (ISO dates and months). `domain` fixes the y range (0–100 for percentages)
    instead of fitting it to the values.
    """
    draw = partial(
        _bar_chart,
        categories,
        series,
        description=description,
        height=height,
        label_every=label_every,
        unit=unit,
        category_title=category_title,
        keys=keys,
        keys_are_data=keys_are_data,
        domain=domain,
    )
    chart = draw(width=width)
    return chart if width <= NARROW_WIDTH else replace(chart, narrow=draw(width=NARROW_WIDTH))


def _bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    description: str,
    width: int,
    height: int,
    label_every: int,
    unit: str,
    category_title: str,
    keys: Sequence[str] | None,
    keys_are_data: bool,
    domain: tuple[float, float] | None,
) -> BarChart:
    plotted = [one for one in series if one.plotted]
    values = [float(v) for one in plotted for v in one.values if v is not None]
    whole = all(float(v).is_integer() for v in values)
    low, high = domain or (min([0.0, *values]), max([0.0, *values]))
    y_values = nice_ticks(low, high, whole=whole)
    y_labels = [tick_label(v) for v in y_values]
    left = round(max(text_width(label) for label in y_labels) + 10, 2)
    bottom = height - _LABELS - (_TITLE if category_title else 0.0)
    span = y_values[-1] - y_values[0]
    scale = (bottom - _TOP) / span

    def y_of(value: float) -> float:
        return round(bottom - (value - y_values[0]) * scale, 2)

    baseline = y_of(0.0)
    group = (width - _RIGHT - left) / max(len(categories), 1)
    bar_width = group * 0.8 / max(len(plotted), 1)
    slot = group / max(len(plotted), 1)
    bars = []
    for index, one in enumerate(plotted):
        for position, (value, text) in enumerate(zip(one.values, _texts(one), strict=True)):
            amount = float(value or 0)
            top = y_of(max(amount, 0.0))
            x = left + position * group + group * 0.1 + index * bar_width
            bars.append(
                Bar(
                    x=round(x, 2),
                    y=top,
                    width=round(bar_width, 2),
                    height=round(abs(y_of(amount) - baseline), 2),
                    colour=PALETTE[index % len(PALETTE)],
                    title=f"{one.name} · {categories[position]}: {text}",
                    text=text,
                    text_x=_inside(x + bar_width / 2, text, width),
                    text_y=round(max(min(top, baseline) - 4, FONT_SIZE + 2), 2),
                    slot_x=round(left + position * group + index * slot, 2),
                    slot_width=round(slot, 2),
                )
            )
    return BarChart(
        width=width,
        height=height,
        baseline=baseline,
        bars=bars,
        ticks=_x_ticks(categories, left, group, width, label_every),
        legend=[Legend(one.name, PALETTE[i % len(PALETTE)]) for i, one in enumerate(plotted)],
        description=description,
        y_ticks=[YTick(y_of(v), label) for v, label in zip(y_values, y_labels, strict=True)],
        left=left,
        right=float(width - _RIGHT),
        top=_TOP,
        bottom=bottom,
        unit=unit,
        category_title=category_title,
        columns=[one.name for one in series],
        rows=_rows(categories, keys, series, keys_are_data=keys_are_data),
    )


def _texts(one: Series) -> list[str]:
    if one.texts is not None:
        return list(one.texts)
    return ["—" if value is None else str(value) for value in one.values]


def _x_ticks(
    categories: Sequence[str], left: float, group: float, width: int, label_every: int
) -> list[Tick]:
    """Labels under the groups, thinned out until they cannot overlap, counted from the last
    category so that the latest (today's) bar is always labelled, and kept inside the chart."""
    widest = max((text_width(label) for label in categories), default=0.0)
    every = max(label_every, math.ceil((widest + 8) / group) if group else 1, 1)
    ticks = []
    for position, label in enumerate(categories):
        if (len(categories) - 1 - position) % every:
            continue
        ticks.append(Tick(_inside(left + position * group + group / 2, label, width), label))
    return ticks


def _inside(centre: float, text: str, width: int) -> float:
    """Where to centre `text` near `centre` so that none of it falls outside the chart."""
    half = text_width(text) / 2
    return round(min(max(centre, half + 1), width - half - 1), 2)


def _rows(
    categories: Sequence[str],
    keys: Sequence[str] | None,
    series: Sequence[Series],
    *,
    keys_are_data: bool,
) -> list[Row]:
    texts = [_texts(one) for one in series]
    rows = []
    for position, label in enumerate(categories):
        key = keys[position] if keys is not None else label
        rows.append(
            Row(
                key=key,
                label=label,
                cells=[column[position] for column in texts],
                values=[one.values[position] for one in series],
                export=key if keys_are_data else "",
            )
        )
    return rows
