"""Seed the two calendars of PRODUCT.md §4 and the two reply policies of §3."""

from __future__ import annotations

from typing import Any

from django.db import migrations

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
CALENDARS = (
    {
        "code": "support-hours",
        "name": "Support hours",
        "time_zone": "Europe/Moscow",
        # The weekday shift ends at 01:00 the next day (it belongs to the day it opens).
        "weekly": {
            **{day: [["06:00", "01:00"]] for day in WEEKDAYS},
            "sat": [["10:00", "18:00"]],
            "sun": [["10:00", "18:00"]],
        },
    },
    {
        "code": "call-hours",
        "name": "Call hours",
        "time_zone": "Europe/Moscow",
        "weekly": {day: [["09:00", "17:00"]] for day in WEEKDAYS},
    },
)
POLICIES = (
    {"name": "Common inquiry: 1 business day", "is_hotrush": False, "target_business_days": 1},
    {"name": "Hotrush: 2 working hours", "is_hotrush": True, "target_minutes": 120},
)


def seed(apps: Any, schema_editor: Any) -> None:
    Calendar = apps.get_model("sla", "Calendar")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    for values in CALENDARS:
        Calendar.objects.update_or_create(code=values["code"], defaults=values)
    support = Calendar.objects.get(code="support-hours")
    for values in POLICIES:
        SlaPolicy.objects.update_or_create(
            name=values["name"],
            defaults={**values, "calendar": support, "warn_lead_minutes": 30, "plan": None},
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("sla", "SlaPolicy").objects.filter(
        name__in=[values["name"] for values in POLICIES]
    ).delete()
    apps.get_model("sla", "Calendar").objects.filter(
        code__in=[values["code"] for values in CALENDARS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_calendars_and_policies")]

    operations = [migrations.RunPython(seed, unseed)]
