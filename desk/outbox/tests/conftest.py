from __future__ import annotations

from desk.outbox.tests.smtp import smtp_inbox  # noqa: F401 - a shared fixture
