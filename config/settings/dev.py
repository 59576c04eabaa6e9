"""Local development: `make run`."""

from config.env import env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, LOGGING, SECRET_KEY

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"
# Mail goes to files under var/mail/ (one per message), so `make run` does not flood the terminal
# with every demo mail; EMAIL_BACKEND in the environment still wins.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"

# The worker logs every task it starts and ends and every periodic job (several lines a few
# seconds apart): `make run` shows warnings and errors only, LOG_LEVEL=INFO shows all of it.
# Runserver's request lines have their own handler (django.server) and still show.
LOGGING = {
    **LOGGING,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "level": env_str("LOG_LEVEL", "WARNING")}
    },
}
