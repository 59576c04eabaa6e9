"""Departments publish their phone lines (issue 12 point 8): seeded as the vendor publishes
them, edited in the admin as lines of their department, dialled through E.164 `tel:` links.
Only Technical Support needs a support entitlement."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from desk.accounts.models import ContactLine, Department

PUBLISHED = [
    ("US toll-free", "США, бесплатно", "1-800-657-7957", "tel:+18006577957"),
    ("UK toll-free", "Великобритания, бесплатно", "44-800-048-8862", "tel:+448000488862"),
    ("International", "Международный", "+7 (499) 608-8900", "tel:+74996088900"),
]


@pytest.mark.parametrize("code", ["customer-service", "sales"])
def test_customer_service_and_sales_have_the_published_lines(db, code):
    lines = ContactLine.objects.filter(department__code=code)
    assert [(x.label, x.label_ru, x.number, x.tel_href) for x in lines] == PUBLISHED


def test_technical_support_has_no_phone_and_needs_an_entitlement(db):
    support = Department.objects.get(code="technical-support")
    assert not support.contact_lines.exists()
    assert support.requires_entitlement
    assert list(
        Department.objects.filter(requires_entitlement=False).values_list("code", flat=True)
    ) == ["customer-service", "sales"]


def test_no_department_keeps_a_placeholder_phone(db):
    numbers = ContactLine.objects.values_list("number", flat=True)
    assert not any("000-00-00" in number for number in numbers)
    assert not hasattr(Department(), "phone")


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("+7 (499) 608-8900", True),
        ("1-800-657-7957", True),
        ("0800 123", False),  # no country code, too short
        ("+0 123 456 789", False),  # no country starts with 0
        ("+1 234 567 890 123 456", False),  # longer than E.164 allows
    ],
)
def test_a_line_needs_its_country_code(db, number, valid):
    line = ContactLine(department=Department.objects.get(code="sales"), label="X", number=number)
    if valid:
        line.full_clean()
    else:
        with pytest.raises(ValidationError):
            line.full_clean()


def test_the_admin_edits_lines_on_their_department(client, staff_admin, password):
    # given the staff admin on Sales' page in the admin
    client.login(email=staff_admin.email, password=password)
    sales = Department.objects.get(code="sales")
    url = reverse("admin:accounts_department_change", args=[sales.pk])
    # when
    page = client.get(url)
    # then its lines are there to edit, in order
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="contact_lines-0-number"' in content
    assert 'value="1-800-657-7957"' in content
    assert 'name="requires_entitlement"' in content
