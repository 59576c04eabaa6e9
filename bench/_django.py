"""A throwaway database for the benches that run the real services (never `make test`'s)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def scratch_database(name: str) -> Iterator[None]:
    """Django on the test settings with a fresh, migrated SQLite file /tmp/bench-<name>.sqlite3
    (or `DATABASE_URL`'s server, test_ prefixed), destroyed afterwards."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DESK_TEST_DB", f"/tmp/bench-{name}.sqlite3")  # noqa: S108
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
