"""Public pages: landing, pricing from the catalog, scope, contact, live-call terms."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from desk.accounts.models import ContactLine, Department
from desk.catalog.models import Plan
from desk.core import clock
from desk.tickets.scope import NOT_INCLUDED, Category

SEEDED_PRICES = ("USD 990.00", "USD 149.00", "USD 139.00", "USD 99.00")


@pytest.fixture
def winter(monkeypatch):
    """A fixed Wednesday in January, so time-zone conversions do not depend on today's DST."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 1, 15, 9, 0, tzinfo=UTC))


def test_home_for_visitors_shows_what_is_sold_and_how_to_start(client, db):
    # when
    response = client.get(reverse("portal:home"))
    # then
    assert response.status_code == 200
    content = response.content.decode()
    for price in SEEDED_PRICES:
        assert price in content
    assert f'href="{reverse("portal:pricing")}"' in content
    assert f'href="{reverse("portal:signup")}"' in content
    assert f'href="{reverse("portal:login")}"' in content


def test_home_for_a_customer_links_requests_stores_and_subscriptions(client, alice, password):
    # given
    client.login(email=alice.email, password=password)
    # when
    response = client.get(reverse("portal:home"))
    # then
    content = response.content.decode()
    assert "Welcome, Alice Archer" in content
    for name in ("portal:tickets", "portal:stores", "portal:subscriptions"):
        assert f'href="{reverse(name)}"' in content


def test_pricing_shows_every_active_plan_with_its_price_and_buy_link(client, db):
    # when
    response = client.get(reverse("portal:pricing"))
    # then
    assert response.status_code == 200
    content = response.content.decode()
    for plan in Plan.objects.all():
        assert plan.name in content
        assert str(plan.money) in content
        assert f'href="{reverse("portal:buy", args=[plan.code])}"' in content
    assert "Unlimited inquiries under a fair use policy" in content
    assert f'href="{reverse("portal:scope")}"' in content


def test_pricing_follows_a_price_change_in_the_catalog(client, db):
    # given
    Plan.objects.filter(code="subscription-1y").update(price=Decimal("1234.50"))
    # when
    content = client.get(reverse("portal:pricing")).content.decode()
    # then
    assert "USD 1,234.50" in content
    assert "USD 990.00" not in content


def test_pricing_hides_plans_that_are_not_on_sale(client, db):
    # given
    Plan.objects.filter(code="incident-normal").update(is_active=False)
    # when
    response = client.get(reverse("portal:pricing"))
    # then
    content = response.content.decode()
    assert "One incident, Normal" not in content
    assert "USD 99.00" not in content
    assert reverse("portal:buy", args=["incident-normal"]) not in content
    assert [offer.code for offer in response.context["offers"]] == [
        "subscription-1y",
        "subscription-1m",
        "incident-urgent",
    ]


def test_pricing_comparison_is_built_from_the_catalog_flags(client, db):
    # given
    Plan.objects.filter(code="incident-normal").update(includes_calls=True)
    # when
    response = client.get(reverse("portal:pricing"))
    # then
    rows = {str(feature.label): list(feature.values) for feature in response.context["comparison"]}
    assert rows["Price"] == list(SEEDED_PRICES)
    assert rows["Term"] == ["1 year", "1 month", *["One incident, until resolved"] * 2]
    assert rows["Hotrush: reply within 2 working hours"] == [True, True, True, False]
    assert rows["Live call"] == [True, True, True, True]
    assert rows["Installation included"] == [True, True, False, False]


def test_pricing_in_russian_for_a_russian_customer(client, bob, password):
    # given
    client.login(email=bob.email, password=password)
    # when
    content = client.get(reverse("portal:pricing")).content.decode()
    # then
    assert '<html lang="ru">' in content
    assert "Подписка на поддержку, 1 год" in content
    assert "Один инцидент, обычный" in content
    assert "Support subscription, 1 year" not in content


def test_pricing_in_russian_for_a_visitor_who_chose_russian(client, db):
    # given
    client.cookies["desk_language"] = "ru"
    # when
    content = client.get(reverse("portal:pricing")).content.decode()
    # then
    assert '<html lang="ru">' in content
    assert "Подписка на поддержку, 1 месяц" in content
    assert "Support subscription, 1 month" not in content


def test_scope_lists_included_and_not_included_work(client, db, settings):
    # given
    settings.DESK_BUG_TRACKER_URL = "https://tracker.example/issues/"
    # when
    response = client.get(reverse("portal:scope"))
    # then
    assert response.status_code == 200
    content = response.content.decode()
    for _value, label in Category.choices:
        assert f"<li>{label}</li>" in content
    for label in NOT_INCLUDED:
        assert f"<li>{label}</li>" in content
    assert "quoted for a fee" in content
    assert "customization agreement" in content
    assert 'href="https://tracker.example/issues/"' in content


def test_contact_lists_departments_from_the_database(client, db):
    # given
    billing = Department.objects.create(
        code="billing",
        name="Billing",
        name_ru="Бухгалтерия",
        email="billing@supportdesk.example",
        channel=Department.Channel.EMAIL,
        sort_order=9,
    )
    ContactLine.objects.create(department=billing, label="Office", number="+7 495 111-22-33")
    # when
    response = client.get(reverse("portal:contact"))
    # then
    assert response.status_code == 200
    assert [d.name for d in response.context["departments"]] == [
        "Technical Support",
        "Customer Service",
        "Sales",
        "Billing",
    ]
    content = response.content.decode()
    assert 'href="mailto:billing@supportdesk.example"' in content
    assert '<a href="tel:+74951112233" class="phone">+7 495 111-22-33</a>' in content
    assert "HelpDesk or email" in content


def test_contact_shows_moscow_hours_only_to_a_moscow_viewer(client, db, winter):
    # when
    response = client.get(reverse("portal:contact"))
    # then
    content = response.content.decode()
    assert "<dt>Monday–Friday</dt><dd>06:00–01:00 (next day)</dd>" in content
    assert "<dt>Saturday–Sunday</dt><dd>10:00–18:00</dd>" in content
    assert "<dt>Monday–Friday</dt><dd>09:00–17:00</dd>" in content
    assert response.context["viewer_time_zone"] is None


def test_contact_converts_hours_into_the_viewer_time_zone(client, alice, password, winter):
    # given Alice lives in Europe/Berlin (UTC+1 in January)
    client.login(email=alice.email, password=password)
    # when
    response = client.get(reverse("portal:contact"))
    # then
    content = response.content.decode()
    assert response.context["viewer_time_zone"] == "Europe/Berlin"
    assert "In your time zone (Berlin)" in content
    assert "<dt>Monday–Friday</dt><dd>04:00–23:00</dd>" in content
    assert "<dt>Saturday–Sunday</dt><dd>08:00–16:00</dd>" in content
    assert "<dt>Monday–Friday</dt><dd>07:00–15:00</dd>" in content


def test_contact_in_russian_uses_russian_department_names(client, bob, password, winter):
    # given
    client.login(email=bob.email, password=password)
    # when
    response = client.get(reverse("portal:contact"))
    # then
    assert [d.name for d in response.context["departments"]] == [
        "Техническая поддержка",
        "Обслуживание клиентов",
        "Отдел продаж",
    ]
    assert "<dt>Понедельник–Пятница</dt><dd>08:00–03:00" in response.content.decode()


def test_call_terms_state_the_limit_hours_and_plans_with_calls(client, db):
    # given
    Plan.objects.filter(code="subscription-1m").update(includes_calls=False)
    # when
    response = client.get(reverse("portal:call_terms"))
    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hotrush requests only" in content
    assert "Calls are limited to 1 hour per incident" in content
    assert "<dt>Monday–Friday</dt><dd>09:00–17:00</dd>" in content
    assert response.context["plans_with_calls"] == [
        "Support subscription, 1 year",
        "One incident, Urgent",
    ]


@pytest.mark.parametrize(
    "name", ["portal:home", "portal:pricing", "portal:scope", "portal:contact", "portal:call_terms"]
)
def test_public_pages_refuse_post(client, db, name):
    assert client.post(reverse(name)).status_code == 405
