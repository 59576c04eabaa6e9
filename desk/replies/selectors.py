"""Reads of the engineer's desk: canned replies an engineer may use, drafts, who else is here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from desk.accounts.models import Engineer
from desk.replies.models import CannedReply, ReplyDraft, ReplyPresence
from desk.tickets.models import Message, Ticket

# A presence older than this is gone (the page polls every 10 s; two missed polls and a bit).
PRESENT_FOR = timedelta(seconds=25)
TYPING_FOR = timedelta(seconds=30)


def visible_canned_replies(engineer: Engineer) -> QuerySet[CannedReply]:
    """Shared replies and the engineer's own personal ones, never another engineer's."""
    return CannedReply.objects.filter(Q(owner__isnull=True) | Q(owner=engineer))


def canned_replies_for(engineer: Engineer, ticket: Ticket) -> QuerySet[CannedReply]:
    """What the reply picker offers on `ticket`: visible replies in the request's language, of
    its department or of none."""
    return visible_canned_replies(engineer).filter(
        Q(department__isnull=True) | Q(department_id=ticket.department_id),
        language=ticket.language,
    )


def personal_canned_replies(engineer: Engineer) -> QuerySet[CannedReply]:
    return CannedReply.objects.filter(owner=engineer).select_related("department")


def shared_canned_replies() -> QuerySet[CannedReply]:
    return CannedReply.objects.filter(owner__isnull=True).select_related("department")


def draft_of(engineer: Engineer, ticket: Ticket) -> str:
    """The engineer's unsent reply on the request ("" when none)."""
    drafts = ReplyDraft.objects.filter(ticket=ticket, engineer=engineer).only("body")
    draft = next(iter(drafts.order_by()[:1]), None)  # one at most (reply_draft_unique)
    return draft.body if draft else ""


@dataclass(frozen=True, slots=True)
class Colleague:
    name: str
    is_typing: bool


def colleagues_on(ticket: Ticket, engineer: Engineer, now: datetime) -> list[Colleague]:
    """Other engineers who have the request open now, typists first."""
    rows = (
        ReplyPresence.objects.filter(ticket=ticket, seen_at__gte=now - PRESENT_FOR)
        .exclude(engineer=engineer)
        .select_related("engineer__user")
        .order_by("engineer__user__full_name", "engineer_id")
    )
    found = [
        Colleague(
            row.engineer.user.display_name,
            row.typing_at is not None and row.typing_at >= now - TYPING_FOR,
        )
        for row in rows
    ]
    return sorted(found, key=lambda colleague: not colleague.is_typing)


def messages_since(ticket: Ticket, last_seen_id: int, engineer: Engineer) -> int:
    """Messages (replies, customer messages, notes) others added after message `last_seen_id`."""
    return (
        Message.objects.filter(ticket=ticket, pk__gt=last_seen_id)
        .exclude(author_id=engineer.user_id)
        .count()
    )
