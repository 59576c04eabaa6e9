"""Every state change of the engineer's desk: canned replies, drafts, presence, and sending a
reply (the ticket service, then the draft goes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from desk.accounts.models import Department, Engineer
from desk.core import clock
from desk.core.upsert import passing_write, update_else_insert
from desk.replies import checks
from desk.replies.access import access_canned_reply
from desk.replies.filling import fill
from desk.replies.models import CannedReply, ReplyDraft, ReplyPresence
from desk.tickets import services as ticket_services
from desk.tickets.models import Message, Ticket


def create_canned_reply(
    *,
    owner: Engineer | None,
    title: str,
    body: str,
    language: str,
    department: Department | None,
) -> CannedReply:
    """A personal reply of `owner`, or a shared one with None (staff admins only: the caller
    checks). Raises `invalid_title`, `invalid_body`, `unknown_placeholder`, `invalid_language`."""
    return CannedReply.objects.create(
        owner=owner,
        title=checks.check_title(title),
        body=checks.check_body(body),
        language=checks.check_language(language),
        department=department,
    )


def update_canned_reply(
    *, reply: CannedReply, title: str, body: str, language: str, department: Department | None
) -> CannedReply:
    """The caller loaded `reply` with `access_canned_reply(..., to_edit=True)` (or is admin)."""
    reply.title = checks.check_title(title)
    reply.body = checks.check_body(body)
    reply.language = checks.check_language(language)
    reply.department = department
    reply.updated_at = clock.now()
    reply.save(update_fields=["title", "body", "language", "department", "updated_at"])
    return reply


def delete_canned_reply(*, reply: CannedReply) -> None:
    reply.delete()


def save_draft(*, engineer: Engineer, ticket: Ticket, body: str) -> None:
    """Keep the engineer's unsent reply (an empty one removes the draft) and note that they are
    typing on the request. Raises `draft_too_long`."""
    body = checks.check_draft(body)
    now = clock.now()
    if body.strip():
        ReplyDraft.objects.update_or_create(
            ticket=ticket, engineer=engineer, defaults={"body": body, "updated_at": now}
        )
    else:
        discard_draft(engineer=engineer, ticket=ticket)
    note_presence(engineer=engineer, ticket=ticket, typing=bool(body.strip()))


def discard_draft(*, engineer: Engineer, ticket: Ticket) -> None:
    ReplyDraft.objects.filter(ticket=ticket, engineer=engineer).delete()


def note_presence(*, engineer: Engineer, ticket: Ticket, typing: bool = False) -> None:
    """The engineer has the request open now (and is typing a reply, with `typing`).

    One UPDATE when the row exists, as it does from the engineer's second look on: every view
    of a request and every presence poll comes here (issue 11: `update_or_create` took a
    transaction, a locking read and an UPDATE of every column)."""
    now = clock.now()
    changes = {"seen_at": now, **({"typing_at": now} if typing else {})}
    # another tab of the same engineer may insert it first; the mark expires in seconds, so its
    # commit need not wait for the disk (every view of a request writes one)
    with passing_write():
        update_else_insert(
            ReplyPresence, {"ticket": ticket, "engineer": engineer}, changes, changes
        )


@dataclass(frozen=True, slots=True)
class Insertion:
    body: str
    unfilled: tuple[str, ...]


def insert_canned_reply(
    *, engineer: Engineer, ticket: Ticket, reply_id: int, body: str
) -> Insertion:
    """Append the canned reply, filled in for the request, to what the engineer has typed, and
    keep the result as their draft. Placeholders without a value stay in the text and are
    returned in `unfilled`. Raises `canned_reply_not_found` (also for another engineer's
    personal reply), `draft_too_long`."""
    reply = access_canned_reply(engineer, reply_id)
    rendered = fill(reply, ticket, engineer)
    typed = body.rstrip()
    combined = f"{typed}\n\n{rendered.text}" if typed else rendered.text
    save_draft(engineer=engineer, ticket=ticket, body=combined)
    return Insertion(combined, rendered.unfilled)


def send_reply(
    *,
    ticket: Ticket,
    engineer: Engineer,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    status: str | None = None,
) -> Message:
    """`desk.tickets.services.reply`, then the engineer's draft on the request is gone. Raises
    what `reply` raises; the draft stays when it does."""
    with transaction.atomic():
        message = ticket_services.reply(
            ticket=ticket, engineer=engineer, body=body, attachments=attachments, status=status
        )
        discard_draft(engineer=engineer, ticket=ticket)
    return message
