"""Department routing of new mail by the address it was sent to (Department.email)."""

from __future__ import annotations

from django.conf import settings

from desk.accounts.models import Department
from desk.mail.pipeline import Inbound, Outcome

NAME = "routing"


def run(mail: Inbound) -> Outcome | None:
    if mail.thread is not None:
        return None
    departments = {d.email.lower(): d for d in Department.objects.all()}
    for address in [mail.envelope_recipient.lower(), *mail.require_parsed().recipients]:
        if address in departments:
            mail.department = departments[address]
            return None
    mail.department = Department.objects.get(code=settings.DESK_MAIL_DEFAULT_DEPARTMENT)
    return None
