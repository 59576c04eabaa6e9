"""Customer Service and Sales answer on their own reply policies (issue 12 point 7): Customer
Service within 1 business day of support hours, Sales within 4 working hours of office hours."""

import django.db.models.deletion
from django.db import migrations, models

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
OFFICE_HOURS = {
    "code": "office-hours",
    "name": "Office hours",
    "time_zone": "Europe/Moscow",
    "weekly": {day: [["09:00", "18:00"]] for day in WEEKDAYS},
}
# department code, calendar code, target in business days, target in working minutes
POLICIES = (
    ("customer-service", "support-hours", 1, None),
    ("sales", "office-hours", None, 240),
)


def seed(apps, schema_editor):
    calendar_model = apps.get_model("sla", "Calendar")
    department_model = apps.get_model("accounts", "Department")
    policy_model = apps.get_model("sla", "DepartmentReplyPolicy")
    calendar_model.objects.update_or_create(code=OFFICE_HOURS["code"], defaults=OFFICE_HOURS)
    for code, calendar_code, days, minutes in POLICIES:
        department = department_model.objects.filter(code=code).first()
        calendar = calendar_model.objects.filter(code=calendar_code).first()
        if department is None or calendar is None:
            continue
        policy_model.objects.update_or_create(
            department=department,
            defaults={
                "calendar": calendar,
                "target_business_days": days,
                "target_minutes": minutes,
                "warn_lead_minutes": 30,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("sla", "DepartmentReplyPolicy").objects.filter(
        department__code__in=[row[0] for row in POLICIES]
    ).delete()
    apps.get_model("sla", "Calendar").objects.filter(code=OFFICE_HOURS["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_department_contact_lines_and_entitlement"),
        ("sla", "0002_seed_support_and_call_hours"),
    ]

    operations = [
        migrations.CreateModel(
            name="DepartmentReplyPolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "target_business_days",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="target in business days"
                    ),
                ),
                (
                    "target_minutes",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="target in working minutes"
                    ),
                ),
                (
                    "warn_lead_minutes",
                    models.PositiveIntegerField(
                        default=30,
                        verbose_name="warn this many working minutes before the due time",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "calendar",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="department_policies",
                        to="sla.calendar",
                    ),
                ),
                (
                    "department",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reply_policy",
                        to="accounts.department",
                    ),
                ),
            ],
            options={
                "verbose_name": "department reply policy",
                "verbose_name_plural": "department reply policies",
                "ordering": ("department",),
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("target_business_days__gte", 1), ("target_minutes__isnull", True)
                            ),
                            models.Q(
                                ("target_business_days__isnull", True), ("target_minutes__gte", 1)
                            ),
                            _connector="OR",
                        ),
                        name="department_reply_policy_one_target",
                    )
                ],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
