"""Webhook signing secrets sealed at rest (`desk.core.sealing`): existing ones sealed in place."""

from django.db import migrations, models

from desk.core import sealing


def _context(endpoint_id: int) -> bytes:
    return b"supportdesk/webhook-endpoint:%d" % endpoint_id


def seal_secrets(apps, schema_editor):
    WebhookEndpoint = apps.get_model("webhooks", "WebhookEndpoint")
    for endpoint in WebhookEndpoint.objects.all():
        endpoint.key_id, endpoint.sealed_secret = sealing.seal(
            endpoint.secret.encode(), context=_context(endpoint.pk)
        )
        endpoint.save(update_fields=["key_id", "sealed_secret"])


def open_secrets(apps, schema_editor):
    WebhookEndpoint = apps.get_model("webhooks", "WebhookEndpoint")
    for endpoint in WebhookEndpoint.objects.all():
        what = f"the signing secret of webhook endpoint {endpoint.pk}"
        blob = bytes(endpoint.sealed_secret)
        plain = sealing.unseal(endpoint.key_id, blob, context=_context(endpoint.pk), what=what)
        endpoint.secret = plain.decode()
        endpoint.save(update_fields=["secret"])


class Migration(migrations.Migration):
    dependencies = [("webhooks", "0001_outgoing_webhooks")]

    operations = [
        migrations.AddField(
            model_name="webhookendpoint",
            name="key_id",
            field=models.CharField(default="", editable=False, max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="webhookendpoint",
            name="sealed_secret",
            field=models.BinaryField(default=b"", editable=False),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="webhookendpoint",
            name="secret",
            field=models.CharField(blank=True, default="", max_length=80),
        ),
        migrations.RunPython(seal_secrets, open_secrets),
        migrations.RemoveField(model_name="webhookendpoint", name="secret"),
    ]
