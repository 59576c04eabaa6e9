"""Tests: fast hashing, tasks run in-process, mail kept in memory."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DESK_MAIL_WEBHOOK_SECRET = "test-webhook-secret"  # noqa: S105
DESK_MAIL_INBOUND_MAX_BYTES = 1024 * 1024
# Outbound fetches may reach servers the tests start on the loopback interface (nothing else).
DESK_FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
# Routing depends on who is on shift at the wall-clock time a test runs: tests about anything
# else keep requests unassigned, as they open; the routing tests switch it on.
DESK_ROUTING_ENABLED = False
# Inbound mail in tests is authenticated by our "MTA" (mail.tests.builders adds its header) or by
# DKIM against keys the tests publish in a fake DNS (no network).
DESK_MAIL_TRUSTED_AUTHSERV_IDS = ["mx.supportdesk.example"]
DESK_MAIL_DNS_TXT_RESOLVER = "desk.mail.tests.dkim_keys.txt_record"
