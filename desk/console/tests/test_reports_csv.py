"""Every console report downloads as CSV: the page's numbers and period, a translated header,
raw numbers, formulas defused; only for those who may see the page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from desk.accounts.models import Department
from desk.console.tests import test_reports_backlog, test_sla_report
from desk.tickets.tests.builders import MOSCOW

history = test_sla_report.history
backlog_history = test_reports_backlog.history
ENGINEER_REPORTS = (
    "sla_report_csv",
    "reply_times_csv",
    "backlog_csv",
    "calls_report_csv",
    "fair_use_csv",
)


def _rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 from the BOM
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_sla_csv_has_the_pages_numbers_for_the_pages_period(client, engineer_en, history):
    # given the engineer looks at Monday only
    client.force_login(engineer_en.user)
    monday = history.astimezone(MOSCOW).date().isoformat()
    period = {"since": monday, "until": monday}

    # when
    rows = _rows(client.get(reverse("console:sla_report_csv"), period))

    # then the header is translated, and each section's rows carry raw counts and percents
    assert rows[0] == ["Section", "Group", "Met", "Breached", "Total", "Attainment, %"]
    by_kind = [row[1:] for row in rows if row[0] == "Reply guarantees met, Hotrush or common"]
    assert by_kind == [["Hotrush", "1", "1", "2", "50.0"]]  # Tuesday's common clocks left out
    whole = _rows(client.get(reverse("console:sla_report_csv")))
    by_plan = [row[1:] for row in whole if row[0] == "Reply guarantees met, by plan"]
    assert by_plan == [
        ["One incident, Urgent", "0", "1", "1", "0.0"],
        ["Support subscription, 1 month", "2", "1", "3", "66.7"],
    ]


def test_the_page_links_its_csv_with_the_same_period(client, engineer_en, history):
    client.force_login(engineer_en.user)

    page = client.get(reverse("console:sla_report"), {"weeks": "4", "replies": "all"})

    assert 'href="/console/reports/sla/csv/?weeks=4&amp;replies=all"' in page.content.decode()


def test_headers_are_in_the_viewers_language(client, engineer_ru, history):
    client.force_login(engineer_ru.user)

    rows = _rows(client.get(reverse("console:sla_report_csv")))

    assert rows[0] == ["Раздел", "Группа", "Соблюдено", "Нарушено", "Итого", "Выполнение, %"]


def test_backlog_csv_defuses_a_formula_in_a_department_name(client, engineer_en, backlog_history):
    # given a department renamed by someone to a spreadsheet formula
    Department.objects.filter(code="customer-service").update(name='=HYPERLINK("http://x")')
    client.force_login(engineer_en.user)

    # when
    rows = _rows(client.get(reverse("console:backlog_csv")))

    # then the name is written as text, the counts as numbers, days as ISO dates
    assert rows[0] == ["Section", "Group", "Open requests"]
    by_department = [row[1:] for row in rows if row[0] == "Open requests by department"]
    assert by_department == [['\'=HYPERLINK("http://x")', "1"], ["Technical Support", "2"]]
    daily = [row[1:] for row in rows if row[0] == "Open requests at the end of each day"]
    today = backlog_history.astimezone(MOSCOW).date()
    assert daily[-1] == [(today + timedelta(days=2)).isoformat(), "3"]
    assert len(daily) == 30


@pytest.mark.parametrize("name", [*ENGINEER_REPORTS, "revenue_csv"])
@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_csv_is_404_for_anyone_who_cannot_see_the_report(client, alice, who, name):
    if who == "customer":
        client.force_login(alice)

    response = client.get(reverse(f"console:{name}"))

    assert response.status_code == 404
    assert b"\xef\xbb\xbf" not in response.content


@pytest.mark.parametrize("name", ENGINEER_REPORTS)
def test_engineers_download_every_report(client, engineer_en, name):
    client.force_login(engineer_en.user)

    rows = _rows(client.get(reverse(f"console:{name}")))

    assert rows[0]  # a header row at least


def test_department_requests_stay_out_of_the_contract_sla_report(
    client, engineer_en, alice, history, clock
):
    # given a Customer Service request without an entitlement, answered on its own policy
    from desk.tickets import services

    clock.current = history
    request = services.open_department_request(
        customer=alice,
        department=Department.objects.get(code="customer-service"),
        subject="Invoice address",
        body="VAT number, please.",
        language="en",
    )
    clock.current = history + timedelta(minutes=30)
    services.reply(ticket=request, engineer=engineer_en, body="Done")
    from desk.tickets.models import ReplyOutcome

    assert ReplyOutcome.objects.filter(event__ticket=request, plan=None, is_met=True).count() == 1
    client.force_login(engineer_en.user)
    # when
    rows = _rows(client.get(reverse("console:sla_report_csv")))
    # then the contract guarantees count what they counted before, with no row of no plan
    by_plan = [row[1:] for row in rows if row[0] == "Reply guarantees met, by plan"]
    assert by_plan == [
        ["One incident, Urgent", "0", "1", "1", "0.0"],
        ["Support subscription, 1 month", "2", "1", "3", "66.7"],
    ]
    assert not any(row[1] in ("", "None") for row in rows[1:])
    by_department = [row[1:] for row in rows if row[0] == "Reply guarantees met, by department"]
    assert by_department == [
        ["Customer Service", "1", "0", "1", "100.0"],  # the contract request moved there only
        ["Technical Support", "1", "2", "3", "33.3"],
    ]
    # and it is counted in its own section, on its department's own reply policy
    section = "Department requests answered in time, by the department's own reply policy"
    assert [row[1:] for row in rows if row[0] == section] == [
        ["Customer Service", "1", "0", "1", "100.0"]
    ]
    # and a Russian engineer reads the departments' Russian names
    engineer_en.user.language = "ru"
    engineer_en.user.save(update_fields=["language"])
    rows = _rows(client.get(reverse("console:sla_report_csv")))
    service = Department.objects.get(code="customer-service")
    assert service.name_ru
    assert service.name_ru in [row[1] for row in rows]
    assert "Customer Service" not in [row[1] for row in rows]
