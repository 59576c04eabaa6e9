"""Production: secrets and hosts come from the environment, nothing insecure by default."""

import base64
import binascii

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str
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
# Behind a TLS-terminating proxy: name the header it sets, e.g. "HTTP_X_FORWARDED_PROTO=https"
# (without it every request looks like plain HTTP and SECURE_SSL_REDIRECT loops).
_PROXY_SSL = env_str("DESK_PROXY_SSL_HEADER", "")
if _PROXY_SSL:
    _header, _equals, _value = _PROXY_SSL.partition("=")
    if not (_header.startswith("HTTP_") and _equals and _value):
        raise ImproperlyConfigured(
            "DESK_PROXY_SSL_HEADER must look like HTTP_X_FORWARDED_PROTO=https"
        )
    SECURE_PROXY_SSL_HEADER = (_header, _value)
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS: a year, subdomains included, eligible for browsers' preload lists (`check --deploy` clean;
# tests/reliability/test_headers.py). Lower them only while moving a domain to HTTPS.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# A static file missing from the manifest falls back to its plain name instead of a 500 page
# (`manage.py deploy` runs collectstatic; this only keeps a forgotten step from taking pages down).
WHITENOISE_MANIFEST_STRICT = False
# Outbound fetches (desk/core/fetching.py): https only, public addresses only, whatever the
# environment says.
DESK_FETCH_ALLOW_HTTP = False
DESK_FETCH_ALLOWED_NETWORKS = []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
