"""Size limit: oversize mail is kept raw in the spool, with one polite bounce unless automatic."""

from __future__ import annotations

from email.parser import BytesHeaderParser
from email.utils import getaddresses

from django.conf import settings

from desk.mail import answers, spool
from desk.mail.parsing import decode_value
from desk.mail.pipeline import SPOOLED, Inbound, Outcome

NAME = "size"
_HEAD_BYTES = 256 * 1024


def run(mail: Inbound) -> Outcome | None:
    if len(mail.raw) <= settings.DESK_MAIL_INBOUND_MAX_BYTES:
        return None
    spool.keep(mail, reason="oversize")
    head = BytesHeaderParser().parsebytes(mail.raw[:_HEAD_BYTES].split(b"\r\n\r\n", 1)[0])
    values = {name.lower(): decode_value(value) for name, value in reversed(head.items())}
    addresses = [a for _, a in getaddresses(head.get_all("From") or []) if "@" in a]
    automatic = values.get("auto-submitted", "no").lower() != "no" or values.get(
        "precedence", ""
    ).lower() in {"bulk", "junk", "list", "auto_reply"}
    if len(addresses) == 1 and not automatic and "mailer-daemon" not in addresses[0].lower():
        answers.send_answer(
            template="inbound_oversize",
            to=addresses[0],
            subject=values.get("subject", ""),
            in_reply_to=values.get("message-id", ""),
            extra=f":{mail.sha256[:16]}",
        )
    return Outcome(SPOOLED, "oversize")
