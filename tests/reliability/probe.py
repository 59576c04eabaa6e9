"""A task that only records that it ran (which key, in which process), for the multi-process
tests: the table `reliability_probe` is created by the test in the cluster's database."""

from __future__ import annotations

import os

from django.db import connection
from django_tasks import task


@task()
def record_run(key: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reliability_probe (key, pid) VALUES (%s, %s)", [key, os.getpid()]
        )
    return os.getpid()
