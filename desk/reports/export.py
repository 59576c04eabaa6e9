"""Reports as CSV for spreadsheets: UTF-8 with a byte order mark (Excel reads the encoding from
it), one translated header row, numbers unformatted, and text that a spreadsheet would run as a
formula defused.

Pure: rows in, bytes out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from desk.reports.charts import BarChart

Cell = str | int | float | Decimal | date | None
# A text cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"); tab and carriage return hide such a start from a glance.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Cell) -> str:
    """A cell as written: numbers and dates as themselves (a negative amount stays a number),
    text prefixed with an apostrophe when it would start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell_text(name) for name in header])
    writer.writerows([cell_text(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def chart_table(
    charts: Sequence[BarChart], *, section_title: str, group_title: str
) -> tuple[list[str], list[list[Cell]]]:
    """The header and rows of one flat table holding every chart of a report: one row per
    category, a column per series (the union, in order of appearance); with several charts a
    first column names the chart each row comes from, and the categories' column is headed
    `group_title` unless all charts run over the same kind of category."""
    columns: list[str] = []
    for chart in charts:
        columns += [name for name in chart.columns if name not in columns]
    sections = len(charts) > 1
    titles = list(dict.fromkeys(chart.category_title for chart in charts))
    category = (titles[0] if len(titles) == 1 else "") or group_title
    header = [*([section_title] if sections else []), category, *columns]
    rows: list[list[Cell]] = []
    for chart in charts:
        for row in [*chart.rows, *([chart.total] if chart.total else [])]:
            values = dict(zip(chart.columns, row.values, strict=True))
            cells: list[Cell] = [row.exported, *(values.get(name) for name in columns)]
            rows.append([chart.description, *cells] if sections else cells)
    return header, rows
