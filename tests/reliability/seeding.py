"""What the reliability suite's transactional tests share: putting the seeded rows back.

A `transaction=True` test ends by flushing every table, seeded plans, departments and calendars
too. A module whose tests run on committed data (threads, processes, a browser) imports
`restore_seeded_rows` and lists it in `usefixtures`; module scope puts the rows back after the
module's last flush."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection


@pytest.fixture(scope="module")
def restore_seeded_rows(django_db_setup, django_db_blocker) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        contents = connection._test_serialized_contents  # type: ignore[attr-defined]
        connection.creation.deserialize_db_from_string(contents)
