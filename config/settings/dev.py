"""Local development: `make run`."""

from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"
