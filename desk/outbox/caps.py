"""Rate caps on automatic mail: at most N per request thread and per address in a window; with
the address's permanent bounce, what `suppression_reason` answers for every automatic mail.

Both caps are counted in one statement, each only as far as its cap (a bounded count), over a
partial index of the mail that was not suppressed (`outbox_address_idx`, `outbox_thread_idx`):
once an address is capped, every further mail to it is suppressed and not counted, so a flood
of requests from one address costs each new mail at most the cap's index entries. Before, the
count walked every mail of the window, suppressed ones included (at 1M, thousands per hour for
the benchmark's one customer, 2.8 ms of each opening)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection

from desk.core import clock
from desk.outbox.models import MailState, OutboxMail, UndeliverableAddress


def suppression_reason(*, recipient_email: str, thread_ref: str) -> str:
    """Why one more automatic mail to `recipient_email` (in the thread `thread_ref`, "" for
    none) must not go: "undeliverable" (the address bounced for good), "rate_cap" (a cap is
    reached), "" when it may. Every automatic mail asks; one statement answers all three."""
    since = clock.now() - timedelta(minutes=settings.DESK_MAIL_CAP_WINDOW_MINUTES)
    per_address = settings.DESK_MAIL_CAP_PER_ADDRESS
    per_thread = settings.DESK_MAIL_CAP_PER_REQUEST if thread_ref else 0
    table = connection.ops.quote_name(OutboxMail._meta.db_table)
    undeliverable = connection.ops.quote_name(UndeliverableAddress._meta.db_table)

    def bounded(column: str) -> str:
        # the state written as the indexes' condition is: SQLite matches it by its form
        return (
            f"(SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {column} = %s "  # noqa: S608
            f"AND created_at >= %s AND NOT (\"state\" = '{MailState.SUPPRESSED.value}') "
            "LIMIT %s) capped)"
        )

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {undeliverable} WHERE email = %s), "  # noqa: S608
            f"{bounded('recipient_email')}, {bounded('thread_ref')}",
            [recipient_email, recipient_email, since, per_address, thread_ref, since, per_thread],
        )
        bounced, to_address, in_thread = cursor.fetchone()
    if bounced:
        return "undeliverable"
    if to_address >= per_address or (bool(thread_ref) and in_thread >= per_thread):
        return "rate_cap"
    return ""
