"""`make run` (issue 12): never calls apt-get, links demo mail to the port it serves, and writes
mail to files instead of flooding the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _dry_run(*args: str) -> str:
    # -B: print every recipe of the chain, as on a fresh checkout
    result = subprocess.run(  # noqa: S603
        ["make", "-n", "-B", "run", *args],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_never_installs_system_packages():
    commands = _dry_run()
    assert "apt-get" not in commands
    assert "manage.py runserver" in commands  # the dry run did walk the whole chain


def test_demo_mail_links_use_the_port_make_run_serves():
    commands = _dry_run("PORT=8765")
    load_demo = next(line for line in commands.splitlines() if "manage.py load_demo" in line)
    assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8765}" in load_demo
    assert "runserver --noreload 127.0.0.1:8765" in commands


def test_development_mail_goes_to_files():
    env = {k: v for k, v in os.environ.items() if k != "EMAIL_BACKEND"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    code = (
        "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    backend, path = result.stdout.split()
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert path == str(ROOT / "var" / "mail")


def test_development_terminal_shows_warnings_not_every_task():
    # given the settings `make run` uses, without LOG_LEVEL
    env = {k: v for k, v in os.environ.items() if k != "LOG_LEVEL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    code = (
        "import logging; "
        "tasks = logging.getLogger('django_tasks'); tasks.setLevel(logging.INFO); "
        "tasks.info('Task id=1 state=RUNNING'); "
        "logging.getLogger('desk.core.periodic').info('periodic job x started'); "
        "logging.getLogger('desk.outbox').warning('a warning still shows')"
    )
    # when the worker's loggers write (db_worker sets its own loggers to INFO itself)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    # then only the warning reaches the terminal
    assert "a warning still shows" in result.stderr
    assert "state=RUNNING" not in result.stderr
    assert "periodic job" not in result.stderr
