"""Writing to Customer Service or Sales without signing in (issue 12 point 7): the contact form
of the public site. The address typed is a claim: the request is opened for the address's
visitor account and followed through links mailed to that address only; an address that belongs
to an account someone uses gets a mail asking its owner to sign in, and nothing is opened."""

from __future__ import annotations

from django.db import transaction

from desk.accounts import services as account_services
from desk.accounts.models import Department
from desk.core import clock
from desk.tickets import checks, errors, notifications
from desk.tickets.models import Ticket
from desk.tickets.services.opening import open_department_request


def write_as_visitor(
    *, email: str, name: str, department: Department, subject: str, body: str, language: str
) -> Ticket | None:
    """Open a department request for the visitor at `email`, or (the address has an account)
    mail its owner a pointer to sign in and return None. The caller answers both the same way
    ("we have sent you a link"), so the form does not tell whether an address has an account.

    Raises `department_needs_entitlement`, `invalid_subject`, `invalid_body`,
    `invalid_language`, `invalid_email`.
    """
    if department.requires_entitlement:
        raise errors.department_needs_entitlement()
    subject = checks.check_subject(subject)
    body = checks.check_body(body)
    checks.check_language(language)
    with transaction.atomic():
        visitor = account_services.visitor_for_email(email=email, full_name=name, language=language)
        if visitor is None:
            account = account_services.account_for_email(email)
            if account is not None:
                notifications.notify_contact_sign_in(account, department, at=clock.now())
            return None
        return open_department_request(
            customer=visitor, department=department, subject=subject, body=body, language=language
        )
