from decimal import Decimal

from desk.catalog import selectors
from desk.catalog.models import Plan

SEEDED_CODES = ["subscription-1y", "subscription-1m", "incident-urgent", "incident-normal"]


def test_plans_on_sale_lists_the_seeded_catalog_in_display_order(db):
    # given the seeded catalog
    # when
    codes = [plan.code for plan in selectors.plans_on_sale()]
    # then
    assert codes == SEEDED_CODES


def test_plans_on_sale_hides_withdrawn_plans(db):
    # given
    Plan.objects.filter(code="incident-normal").update(is_active=False)
    # when
    codes = [plan.code for plan in selectors.plans_on_sale()]
    # then
    assert codes == ["subscription-1y", "subscription-1m", "incident-urgent"]


def test_plans_on_sale_follows_sort_order(db):
    # given
    Plan.objects.filter(code="incident-normal").update(sort_order=0)
    Plan.objects.filter(code="subscription-1y").update(sort_order=9)
    # when
    codes = [plan.code for plan in selectors.plans_on_sale()]
    # then
    assert codes == ["incident-normal", "subscription-1m", "incident-urgent", "subscription-1y"]


def test_plan_on_sale_returns_the_active_plan(db):
    # when
    plan = selectors.plan_on_sale("subscription-1m")
    # then
    assert plan is not None
    assert plan.price == Decimal("149.00")


def test_plan_on_sale_is_none_for_unknown_or_withdrawn_codes(db):
    # given
    Plan.objects.filter(code="incident-urgent").update(is_active=False)
    # when / then
    assert selectors.plan_on_sale("incident-urgent") is None
    assert selectors.plan_on_sale("no-such-plan") is None
