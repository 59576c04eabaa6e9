from decimal import Decimal

from django.urls import reverse

from desk.catalog.models import Plan


def test_staff_sees_prices_and_flags_in_the_plan_list(client, staff_admin, password):
    # given
    client.login(email=staff_admin.email, password=password)
    # when
    response = client.get(reverse("admin:catalog_plan_changelist"))
    # then
    assert response.status_code == 200
    content = response.content.decode()
    for code in ("subscription-1y", "subscription-1m", "incident-urgent", "incident-normal"):
        assert code in content
    assert 'name="form-0-price"' in content
    assert 'value="990.00"' in content


def test_staff_changes_a_price_from_the_plan_list(client, staff_admin, password):
    # given
    client.login(email=staff_admin.email, password=password)
    plans = list(Plan.objects.order_by("sort_order", "id"))
    data = {
        "form-TOTAL_FORMS": str(len(plans)),
        "form-INITIAL_FORMS": str(len(plans)),
        "_save": "Save",
    }
    for index, plan in enumerate(plans):
        data[f"form-{index}-id"] = str(plan.pk)
        data[f"form-{index}-price"] = (
            "1090.00" if plan.code == "subscription-1y" else str(plan.price)
        )
        data[f"form-{index}-sort_order"] = str(plan.sort_order)
        for flag in ("allows_hotrush", "includes_calls", "includes_installation", "is_active"):
            if getattr(plan, flag):
                data[f"form-{index}-{flag}"] = "on"
    # when
    response = client.post(reverse("admin:catalog_plan_changelist"), data)
    # then
    assert response.status_code == 302
    prices = dict(Plan.objects.values_list("code", "price"))
    assert prices == {
        "subscription-1y": Decimal("1090.00"),
        "subscription-1m": Decimal("149.00"),
        "incident-urgent": Decimal("139.00"),
        "incident-normal": Decimal("99.00"),
    }
