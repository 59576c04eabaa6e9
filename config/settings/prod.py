"""Production: secrets and hosts come from the environment, nothing insecure by default."""

import base64
import binascii

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int
from config.settings.base import *  # noqa: F403
from config.settings.base import DESK_SECRETS_KEYS, SECRET_KEY


def _is_key(value: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(value.encode("ascii"))) == 32
    except (binascii.Error, ValueError):
        return False


if not DESK_SECRETS_KEYS or not all(map(_is_key, DESK_SECRETS_KEYS)):
    raise ImproperlyConfigured(
        "DESK_SECRETS_KEYS must hold 32-byte url-safe base64 keys in production"
    )

DEBUG = False
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 32 characters in production")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
# HSTS: a year, subdomains included, eligible for browsers' preload lists (`check --deploy` clean;
# tests/reliability/test_headers.py). Lower them only while moving a domain to HTTPS.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Outbound fetches (desk/core/fetching.py): https only, public addresses only, whatever the
# environment says.
DESK_FETCH_ALLOW_HTTP = False
DESK_FETCH_ALLOWED_NETWORKS = []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
