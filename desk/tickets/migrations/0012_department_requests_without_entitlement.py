import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_department_contact_lines_and_entitlement'),
        ('catalog', '0002_seed_plans'),
        ('entitlements', '0002_refund_revocation'),
        ('stores', '0001_initial'),
        ('tickets', '0011_subject_event_kind'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='ticket',
            name='ticket_entitlement_consistent',
        ),
        migrations.AlterField(
            model_name='ticket',
            name='entitlement_kind',
            field=models.CharField(choices=[('subscription', 'Subscription'), ('incident', 'Incident credit'), ('none', 'No entitlement (department request)')], max_length=20),
        ),
        migrations.AlterField(
            model_name='ticket',
            name='plan',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.plan'),
        ),
        migrations.AlterField(
            model_name='ticket',
            name='store',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tickets', to='stores.store'),
        ),
        migrations.AddConstraint(
            model_name='ticket',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('entitlement_kind', 'subscription'), ('plan__isnull', False), ('store__isnull', False), ('subscription__isnull', False)), models.Q(('entitlement_kind', 'incident'), ('plan__isnull', False), ('store__isnull', False), ('subscription__isnull', True), models.Q(('credit_priority', ''), _negated=True)), models.Q(('credit_entry__isnull', True), ('credit_priority', ''), ('entitlement_kind', 'none'), ('plan__isnull', True), ('subscription__isnull', True)), _connector='OR'), name='ticket_entitlement_consistent'),
        ),
    ]
