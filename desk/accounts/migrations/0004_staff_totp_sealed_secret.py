"""TOTP secrets sealed at rest (`desk.core.sealing`): existing secrets are sealed in place."""

from django.db import migrations, models

from desk.core import sealing


def _context(user_id: int) -> bytes:
    return b"supportdesk/staff-totp/user:%d" % user_id


def seal_secrets(apps, schema_editor):
    StaffTotp = apps.get_model("accounts", "StaffTotp")
    for totp in StaffTotp.objects.all():
        totp.key_id, totp.sealed_secret = sealing.seal(
            totp.secret.encode(), context=_context(totp.user_id)
        )
        totp.save(update_fields=["key_id", "sealed_secret"])


def open_secrets(apps, schema_editor):
    StaffTotp = apps.get_model("accounts", "StaffTotp")
    for totp in StaffTotp.objects.all():
        what = f"the authenticator of user {totp.user_id}"
        blob = bytes(totp.sealed_secret)
        plain = sealing.unseal(totp.key_id, blob, context=_context(totp.user_id), what=what)
        totp.secret = plain.decode()
        totp.save(update_fields=["secret"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_sign_in_throttle_staff_totp_email_verified")]

    operations = [
        migrations.AddField(
            model_name="stafftotp",
            name="key_id",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="stafftotp",
            name="sealed_secret",
            field=models.BinaryField(default=b""),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="stafftotp",
            name="secret",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(seal_secrets, open_secrets),
        migrations.RemoveField(model_name="stafftotp", name="secret"),
    ]
