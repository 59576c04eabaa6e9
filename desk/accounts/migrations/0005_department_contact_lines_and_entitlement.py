"""Departments say whether they need a support entitlement (only Technical Support does) and
publish their phone lines as the vendor does (PRODUCT.md §7); the placeholder phone goes."""

import django.db.models.deletion
from django.db import migrations, models

WITHOUT_ENTITLEMENT = ("customer-service", "sales")
# (label, label in Russian, number as published); Technical Support is reached by HelpDesk only.
LINES = (
    ("US toll-free", "США, бесплатно", "1-800-657-7957"),
    ("UK toll-free", "Великобритания, бесплатно", "44-800-048-8862"),
    ("International", "Международный", "+7 (499) 608-8900"),
)


def seed(apps, schema_editor):
    department_model = apps.get_model("accounts", "Department")
    line_model = apps.get_model("accounts", "ContactLine")
    department_model.objects.filter(code__in=WITHOUT_ENTITLEMENT).update(requires_entitlement=False)
    for department in department_model.objects.filter(code__in=WITHOUT_ENTITLEMENT):
        for order, (label, label_ru, number) in enumerate(LINES):
            line_model.objects.update_or_create(
                department=department,
                number=number,
                defaults={"label": label, "label_ru": label_ru, "sort_order": order},
            )


def unseed(apps, schema_editor):
    apps.get_model("accounts", "ContactLine").objects.filter(
        department__code__in=WITHOUT_ENTITLEMENT, number__in=[line[2] for line in LINES]
    ).delete()
    apps.get_model("accounts", "Department").objects.update(requires_entitlement=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_staff_totp_sealed_secret"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="department",
            name="phone",
        ),
        migrations.AddField(
            model_name="department",
            name="requires_entitlement",
            field=models.BooleanField(default=True, verbose_name="requires a support entitlement"),
        ),
        migrations.CreateModel(
            name="ContactLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("label", models.CharField(max_length=60, verbose_name="label (English)")),
                (
                    "label_ru",
                    models.CharField(blank=True, max_length=60, verbose_name="label (Russian)"),
                ),
                (
                    "number",
                    models.CharField(
                        help_text="With the country code, e.g. 1-800-657-7957 or +7 (499) 608-8900.",
                        max_length=40,
                        verbose_name="number as published",
                    ),
                ),
                ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contact_lines",
                        to="accounts.department",
                    ),
                ),
            ],
            options={
                "verbose_name": "contact line",
                "verbose_name_plural": "contact lines",
                "ordering": ("department", "sort_order", "id"),
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
