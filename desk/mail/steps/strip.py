"""Our control headers are ours only when we wrote them: every `X-Supportdesk-*` header of a
message from outside is removed before any later step reads the headers.

Ours is a message that carries our loop header signed for its own Message-ID (`headers.py`):
then its headers stay and the loops step recognises it. A forged or copied loop header, or any
other header in our namespace, is dropped (and named in the message's notes), so that outside
mail cannot pass for ours or steer the pipeline. Auto-Submitted and Precedence from outside stay:
they only ever make us answer less (RFC 3834). Reply tokens are read only from the envelope
recipient and To/Cc (`threads.py`), never from headers a sender may invent."""

from __future__ import annotations

import dataclasses

from desk.mail.pipeline import Inbound, Outcome
from desk.outbox.headers import CONTROL_HEADER_PREFIX, LOOP_HEADER, is_loop_value_ours

NAME = "strip"


def run(mail: Inbound) -> Outcome | None:
    parsed = mail.require_parsed()
    loops = parsed.all(LOOP_HEADER)
    if len(loops) == 1 and is_loop_value_ours(loops[0], parsed.message_id):
        return None
    kept = tuple(
        (name, value)
        for name, value in parsed.headers
        if not name.lower().startswith(CONTROL_HEADER_PREFIX)
    )
    if len(kept) != len(parsed.headers):
        mail.notes.append("stripped_control_headers")
        mail.parsed = dataclasses.replace(parsed, headers=kept)
    return None
