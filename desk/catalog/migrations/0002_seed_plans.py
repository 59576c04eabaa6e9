from decimal import Decimal

from django.db import migrations

PLANS = [
    # code, kind, name, name_ru, months, priority, price, hotrush, calls, installation
    ("subscription-1y", "subscription", "Support subscription, 1 year",
     "Подписка на поддержку, 1 год", 12, "", "990.00", True, True, True),
    ("subscription-1m", "subscription", "Support subscription, 1 month",
     "Подписка на поддержку, 1 месяц", 1, "", "149.00", True, True, True),
    ("incident-urgent", "incident", "One incident, Urgent",
     "Один инцидент, срочный", None, "urgent", "139.00", True, True, False),
    ("incident-normal", "incident", "One incident, Normal",
     "Один инцидент, обычный", None, "normal", "99.00", False, False, False),
]


def seed_plans(apps, schema_editor):
    plan_model = apps.get_model("catalog", "Plan")
    for order, row in enumerate(PLANS):
        code, kind, name, name_ru, months, priority, price, hotrush, calls, install = row
        plan_model.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name": name,
                "name_ru": name_ru,
                "period_months": months,
                "incident_priority": priority,
                "price": Decimal(price),
                "currency": "USD",
                "allows_hotrush": hotrush,
                "includes_calls": calls,
                "includes_installation": install,
                "sort_order": order,
            },
        )


def unseed_plans(apps, schema_editor):
    apps.get_model("catalog", "Plan").objects.filter(code__in=[p[0] for p in PLANS]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed_plans, unseed_plans)]
