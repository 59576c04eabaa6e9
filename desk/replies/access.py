"""Loading canned replies with a permission check: an engineer uses shared replies and their
own personal ones, and edits only their own; anything else is the same 404."""

from __future__ import annotations

from desk.accounts.models import Engineer
from desk.replies import errors
from desk.replies.models import CannedReply
from desk.replies.selectors import personal_canned_replies, visible_canned_replies


def access_canned_reply(engineer: Engineer, reply_id: int, *, to_edit: bool = False) -> CannedReply:
    replies = personal_canned_replies(engineer) if to_edit else visible_canned_replies(engineer)
    reply = replies.select_related("department").filter(pk=reply_id).first()
    if reply is None:
        raise errors.canned_reply_not_found()
    return reply
