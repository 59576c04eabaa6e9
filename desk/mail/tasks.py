"""Thin background tasks of incoming mail: safe to run twice (dedupe makes them idempotent)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from desk.mail.imap import poll_mailbox, read_mailbox_url


@task()
def poll_imap_mailbox(url_index: int) -> int:
    """Poll the configured mailbox number `url_index`; schedule one per mailbox periodically."""
    return poll_mailbox(read_mailbox_url(settings.DESK_MAIL_IMAP_MAILBOXES[url_index]))


@task()
def poll_imap_mailboxes() -> int:
    return sum(poll_mailbox(read_mailbox_url(url)) for url in settings.DESK_MAIL_IMAP_MAILBOXES)
