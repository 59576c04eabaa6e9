"""Geometry of small SVG bar charts, computed here so that templates only draw rectangles.

Pure: plain values in, plain values out. Negative values hang below the zero line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PALETTE = ("#2f6f9f", "#d9822b", "#2e7d4f", "#8e44ad")
_TOP, _BOTTOM, _SIDE = 8.0, 22.0, 4.0


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float]
    texts: Sequence[str] | None = None  # how each value reads in the tooltip; str(value) if None


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Legend:
    name: str
    colour: str


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    legend: list[Legend]
    description: str

    @property
    def label_y(self) -> float:
        return self.height - 6


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    description: str,
    width: int = 640,
    height: int = 200,
    label_every: int = 1,
) -> BarChart:
    """Grouped bars: one group per category, one bar per series in each group."""
    values = [float(value) for one in series for value in one.values]
    top, bottom = max([0.0, *values]), min([0.0, *values])
    span = (top - bottom) or 1.0
    plot_height = height - _TOP - _BOTTOM
    baseline = _TOP + plot_height * top / span
    group = (width - 2 * _SIDE) / max(len(categories), 1)
    bar_width = group * 0.8 / max(len(series), 1)
    bars = []
    for index, one in enumerate(series):
        texts = one.texts or [str(value) for value in one.values]
        for position, (value, text) in enumerate(zip(one.values, texts, strict=True)):
            size = plot_height * abs(float(value)) / span
            bars.append(
                Bar(
                    x=round(_SIDE + position * group + group * 0.1 + index * bar_width, 2),
                    y=round(baseline - size if value >= 0 else baseline, 2),
                    width=round(bar_width, 2),
                    height=round(size, 2),
                    colour=PALETTE[index % len(PALETTE)],
                    title=f"{one.name} · {categories[position]}: {text}",
                )
            )
    ticks = [
        Tick(round(_SIDE + position * group + group / 2, 2), label)
        for position, label in enumerate(categories)
        # Counted from the last category, so the latest (today's) bar is always labelled.
        if (len(categories) - 1 - position) % max(label_every, 1) == 0
    ]
    legend = [Legend(one.name, PALETTE[i % len(PALETTE)]) for i, one in enumerate(series)]
    return BarChart(width, height, round(baseline, 2), bars, ticks, legend, description)
