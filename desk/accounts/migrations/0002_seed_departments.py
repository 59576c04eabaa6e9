from django.db import migrations

DEPARTMENTS = [
    ("technical-support", "Technical Support", "Техническая поддержка", "support@supportdesk.example",
     "helpdesk", True),
    ("customer-service", "Customer Service", "Обслуживание клиентов", "helpdesk@supportdesk.example",
     "helpdesk_email", True),
    ("sales", "Sales", "Отдел продаж", "sales@supportdesk.example", "email", False),
]


def seed_departments(apps, schema_editor):
    department_model = apps.get_model("accounts", "Department")
    for order, (code, name, name_ru, email, channel, web) in enumerate(DEPARTMENTS):
        department_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_ru": name_ru,
                "email": email,
                "channel": channel,
                "accepts_requests": web,
                "sort_order": order,
            },
        )


def unseed_departments(apps, schema_editor):
    codes = [row[0] for row in DEPARTMENTS]
    apps.get_model("accounts", "Department").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed_departments, unseed_departments)]
