"""CSV export: a byte order mark for Excel, raw numbers, formulas defused, one flat table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desk.reports.charts import Row, Series, bar_chart
from desk.reports.export import cell_text, chart_table, csv_bytes


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+7 (499) 608-8900", "'+7 (499) 608-8900"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Technical Support", "Technical Support"),
        ("Техподдержка", "Техподдержка"),
        (Decimal("-841.00"), "-841.00"),  # a negative amount stays a number
        (1337, "1337"),
        (50.0, "50.0"),
        (date(2025, 6, 1), "2025-06-01"),
        (None, ""),
    ],
)
def test_text_that_starts_a_formula_is_prefixed_and_numbers_stay_raw(value, written):
    assert cell_text(value) == written


def test_the_file_is_utf8_with_a_byte_order_mark_and_crlf_rows():
    data = csv_bytes(["Отдел", "Заявки"], [["=1+1", 3], ["a,b", Decimal("1234.50")]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == 'Отдел,Заявки\r\n\'=1+1,3\r\n"a,b",1234.50\r\n'


def test_one_chart_is_one_table_of_keys_and_raw_values():
    chart = bar_chart(
        ["Jun 2025"],
        [Series("Net", [Decimal("-841.00")], ["USD -841.00"])],
        description="Revenue",
        category_title="Month",
        keys=["2025-06"],
        keys_are_data=True,
    )
    assert chart_table([chart], section_title="Section", group_title="Group") == (
        ["Month", "Net"],
        [["2025-06", Decimal("-841.00")]],
    )


def test_several_charts_share_one_header_with_a_section_column_and_totals_last():
    by_status = bar_chart(["New"], [Series("Open", [2])], description="By status", keys=["new"])
    by_age = bar_chart(
        ["< 1 day"], [Series("Open", [1]), Series("Old", [0], plotted=False)], description="By age"
    ).with_total(Row("total", "Total", ["1", "0"], [1, 0]))
    header, rows = chart_table([by_status, by_age], section_title="Section", group_title="Group")
    assert header == ["Section", "Group", "Open", "Old"]
    assert rows == [
        ["By status", "New", 2, None],
        ["By age", "< 1 day", 1, 0],
        ["By age", "Total", 1, 0],
    ]
