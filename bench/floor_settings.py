"""The production settings with `bench.floor_urls` as the URL map (`python -m bench.floor`)."""

from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
