"""Named personas shared by every test. Built through services, like real data."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import timezone, translation

from desk.accounts import services as account_services
from desk.accounts.models import Engineer, User
from desk.core import clock as core_clock
from desk.core.clock import MovableClock

PASSWORD = "correct horse battery staple 42"
CATALOGUE = Path(__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def pytest_configure(config: pytest.Config) -> None:
    """Compile the Russian catalogue when it is missing or older than the .po, so that a plain
    `pytest` sees the same translated pages as `make test`."""
    compiled = CATALOGUE.with_suffix(".mo")
    msgfmt = shutil.which("msgfmt")
    if msgfmt and (not compiled.exists() or compiled.stat().st_mtime < CATALOGUE.stat().st_mtime):
        subprocess.run([msgfmt, "--check", "-o", str(compiled), str(CATALOGUE)], check=True)  # noqa: S603


@pytest.fixture(autouse=True)
def _default_language_and_zone() -> Iterator[None]:
    """Every test starts and ends in the default language and time zone. A request through the
    test client leaves its user's language active in the thread (the user-preferences
    middleware activates it; in the server every request activates its own), and a test that
    then formats a duration or a date outside a request would read Russian."""
    translation.deactivate()
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def alice(db) -> User:
    """Customer A: English, Europe/Berlin."""
    return account_services.register_customer(
        email="alice@example.com",
        password=PASSWORD,
        full_name="Alice Archer",
        language="en",
        time_zone="Europe/Berlin",
    )


@pytest.fixture
def bob(db) -> User:
    """Customer B: Russian, Asia/Yekaterinburg."""
    return account_services.register_customer(
        email="bob@example.com",
        password=PASSWORD,
        full_name="Борис Бобров",
        language="ru",
        time_zone="Asia/Yekaterinburg",
    )


@pytest.fixture
def engineer_en(db) -> Engineer:
    return account_services.create_engineer(
        email="erin@supportdesk.example",
        password=PASSWORD,
        full_name="Erin Engineer",
        department_codes=["technical-support", "customer-service"],
        speaks_en=True,
    )


@pytest.fixture
def engineer_ru(db) -> Engineer:
    return account_services.create_engineer(
        email="roman@supportdesk.example",
        password=PASSWORD,
        full_name="Роман Инженеров",
        department_codes=["technical-support"],
        speaks_en=False,
        speaks_ru=True,
        language="ru",
    )


@pytest.fixture
def staff_admin(db) -> User:
    return User.objects.create_superuser(email="admin@supportdesk.example", password=PASSWORD)


@pytest.fixture
def deliver_mail(django_capture_on_commit_callbacks):
    """Run after-commit work (outbox delivery) inside a test transaction: `with deliver_mail():`."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Path:
    """Uploaded files of the test go to its own directory (modules opt in with autouse)."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> MovableClock:
    """The wall clock of services, frozen at the real now; move it with `clock.advance(days=1)`.
    `DESK_TEST_NOW=2026-12-04T17:30:00+00:00` starts it at another instant instead, to run the
    suite as if it were another hour or weekday (tests must pass whatever day CI runs on)."""
    pinned = os.environ.get("DESK_TEST_NOW")
    movable = MovableClock(datetime.fromisoformat(pinned) if pinned else core_clock.now())
    monkeypatch.setattr(core_clock, "now", movable)
    return movable
