"""The one entry of incoming mail: `receive_mail`, used by mailgate, the IMAP poller and the
webhook; and `reprocess_spool` for `mailgate --reprocess`.

Every input ends as exactly one stored InboundMessage or one spool entry:
- the whole pipeline runs in one transaction, so a crash before the commit stores nothing and a
  redelivery is processed from scratch (and then deduplicated);
- an unexpected error rolls the pipeline back and keeps the raw bytes in the spool;
- a database that is unreachable raises TemporaryFailure: the caller asks to try again later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import DatabaseError, InterfaceError, OperationalError, transaction

from desk.core import clock
from desk.mail import spool
from desk.mail.errors import TemporaryFailure, UnprocessableError
from desk.mail.models import InboundMessage, SpoolState, UnprocessableMail
from desk.mail.pipeline import DUPLICATE, SPOOLED, Inbound, Outcome
from desk.mail.steps import load_steps

logger = logging.getLogger(__name__)
_TRANSIENT = (OperationalError, InterfaceError)


@dataclass(frozen=True, slots=True)
class Receipt:
    state: str
    reason: str = ""
    inbound_id: int | None = None
    spool_id: int | None = None


def receive_mail(*, raw: bytes, mailbox: str, envelope_recipient: str = "") -> Receipt:
    """Store and process one raw message. Raises TemporaryFailure only."""
    mail = Inbound(raw=raw, mailbox=mailbox, envelope_recipient=envelope_recipient.strip())
    try:
        return _process(mail)
    except _TRANSIENT as exc:
        raise TemporaryFailure(str(exc)) from exc
    except UnprocessableError as exc:
        return _spool(mail, exc.reason)
    except Exception as exc:
        logger.exception("inbound mail could not be processed; kept in the spool")
        return _spool(mail, f"{type(exc).__name__}: {exc}"[:2000])


def _process(mail: Inbound) -> Receipt:
    with transaction.atomic():
        outcome = run_pipeline(mail)
        if outcome.state == SPOOLED:
            entry = UnprocessableMail.objects.get(mailbox=mail.mailbox, raw_sha256=mail.sha256)
            return Receipt(SPOOLED, outcome.reason, spool_id=entry.pk)
        record = mail.require_record()
        if outcome.state != DUPLICATE:
            _finish(record, outcome)
        return Receipt(outcome.state, outcome.reason, inbound_id=record.pk)


def run_pipeline(mail: Inbound) -> Outcome:
    for step in load_steps():
        outcome = step.run(mail)
        if outcome is not None:
            return outcome
    raise RuntimeError("the last step must decide where the message ends")


def _finish(record: InboundMessage, outcome: Outcome) -> None:
    record.state = outcome.state
    record.reason = outcome.reason[:100]
    record.processed_at = clock.now()
    record.save()


def _spool(mail: Inbound, reason: str) -> Receipt:
    try:
        with transaction.atomic():
            entry = spool.keep(mail, reason=reason)
    except DatabaseError as exc:
        raise TemporaryFailure(str(exc)) from exc
    return Receipt(SPOOLED, reason, spool_id=entry.pk)


def reprocess_spool(*, limit: int = 100) -> list[Receipt]:
    """Run pending spool entries through the pipeline again; a success closes the entry."""
    receipts = []
    entries = UnprocessableMail.objects.filter(state=SpoolState.PENDING).order_by("id")[:limit]
    for entry in entries:
        receipt = receive_mail(
            raw=bytes(entry.raw), mailbox=entry.mailbox, envelope_recipient=entry.envelope_recipient
        )
        if receipt.state != SPOOLED:
            UnprocessableMail.objects.filter(pk=entry.pk).update(
                state=SpoolState.REPROCESSED,
                reprocessed_at=clock.now(),
                inbound_id=receipt.inbound_id,
            )
        receipts.append(receipt)
    return receipts
