"""The ticket services: a threaded reply is added to its request; new mail opens a request for a
known customer with exactly one store, else it waits for review with one polite pointer.
Mail to a HelpDesk-only department from an unknown sender gets one pointer to the HelpDesk.

New mail to a department that answers without an entitlement (Customer Service, Sales) opens a
department request, spending nothing: for the known customer the trust step let through, else
for the sender as a visitor, answered by mail (`visitor_for_email`: an address that belongs to
an account someone uses never gets a visitor request; it waits for review)."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from desk.accounts import services as account_services
from desk.accounts.models import Department, Language
from desk.core.errors import DeskError
from desk.mail import answers
from desk.mail.models import InboundState
from desk.mail.parsing import MailAttachment
from desk.mail.pipeline import Inbound, Outcome
from desk.mail.sanitizing import sanitize
from desk.tickets import services as ticket_services
from desk.tickets.attachments import SAFE_SUFFIXES, safe_content_type
from desk.tickets.checks import SUBJECT_MAX
from desk.tickets.scope import Category

NAME = "tickets"
NO_SUBJECT = "(no subject)"
NO_TEXT = "(no text)"
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def run(mail: Inbound) -> Outcome | None:
    body, files = _body(mail), _attachments(mail)
    if mail.ticket is not None and mail.author is not None:
        try:
            message = ticket_services.add_customer_message(
                ticket=mail.ticket, author=mail.author, body=body, attachments=files
            )
        except DeskError as error:
            return _review(mail, error.code)
        mail.require_record().ticket_message = message
        return Outcome(InboundState.ATTACHED)
    department = mail.department
    if department is None:
        raise RuntimeError("the routing step must run before this step")
    if not department.requires_entitlement:
        return _open_department_request(mail, department, body, files)
    if mail.customer is None:
        if department.channel == Department.Channel.HELPDESK:
            _answer(mail, "helpdesk_pointer")
            return Outcome(InboundState.POINTED, "unknown_sender")
        return _review(mail, "unknown_sender")
    return _open(mail, department, body, files)


def _open(
    mail: Inbound, department: Department, body: str, files: Sequence[UploadedFile]
) -> Outcome:
    customer = mail.customer
    assert customer is not None  # noqa: S101 - checked by the caller
    stores = list(customer.stores.all()[:2])
    if len(stores) != 1:
        return _review(mail, "store_unknown" if stores else "no_store")
    category = (
        Category.TROUBLESHOOTING
        if department.code == settings.DESK_MAIL_DEFAULT_DEPARTMENT
        else Category.BILLING
    )
    try:
        ticket = ticket_services.open_ticket(
            customer=customer,
            store=stores[0],
            subject=(mail.require_parsed().subject or NO_SUBJECT)[:SUBJECT_MAX],
            body=body,
            category=category,
            language=customer.language,
            department=department,
            attachments=files,
            via_email=True,
        )
    except DeskError as error:
        return _review(mail, error.code)
    mail.require_record().ticket = ticket
    return Outcome(InboundState.OPENED)


def _open_department_request(
    mail: Inbound, department: Department, body: str, files: Sequence[UploadedFile]
) -> Outcome:
    subject = (mail.require_parsed().subject or NO_SUBJECT)[:SUBJECT_MAX]
    customer = mail.customer
    if customer is None:
        language = Language.RU if _CYRILLIC.search(f"{subject} {body}") else Language.EN
        customer = account_services.visitor_for_email(email=mail.sender, language=language)
        if customer is None:
            return _review(mail, "unknown_sender")
    try:
        ticket = ticket_services.open_department_request(
            customer=customer,
            department=department,
            subject=subject,
            body=body,
            language=customer.language,
            attachments=files,
            via_email=True,
        )
    except DeskError as error:
        return _review(mail, error.code)
    mail.require_record().ticket = ticket
    return Outcome(InboundState.OPENED)


def _review(mail: Inbound, reason: str) -> Outcome:
    _answer(mail, "inbound_needs_review")
    return Outcome(InboundState.NEEDS_REVIEW, reason)


def _answer(mail: Inbound, template: str) -> None:
    parsed = mail.require_parsed()
    answers.send_answer(
        template=template,
        to=mail.customer or mail.sender,
        subject=parsed.subject,
        in_reply_to=parsed.message_id,
    )


def _body(mail: Inbound) -> str:
    parsed = mail.require_parsed()
    text = parsed.text
    if parsed.html:
        sanitized = sanitize(parsed.html)
        if sanitized is not None:
            mail.require_record().html_sanitized = sanitized[0]
            text = text or sanitized[1]
    text = text.replace("\x00", "").strip()
    return text or NO_TEXT


def _attachments(mail: Inbound) -> list[UploadedFile]:
    """Server-generated names whatever the mail said; too many or too large files are skipped
    (and counted on the stored message) rather than refusing the whole mail."""
    kept: list[UploadedFile] = []
    skipped = 0
    for part in mail.require_parsed().attachments:
        if len(kept) >= settings.DESK_ATTACHMENTS_PER_MESSAGE or not _fits(part):
            skipped += 1
            continue
        kept.append(_upload(part, len(kept) + 1))
    mail.require_record().skipped_attachments = skipped
    return kept


def _fits(part: MailAttachment) -> bool:
    return 0 < len(part.content) <= settings.DESK_ATTACHMENT_MAX_BYTES


def _upload(part: MailAttachment, number: int) -> UploadedFile:
    content_type = safe_content_type(part.content_type)
    suffix = mimetypes.guess_extension(content_type) or ""
    suffix = suffix if suffix in SAFE_SUFFIXES else ""
    return SimpleUploadedFile(f"mail-attachment-{number}{suffix}", part.content, content_type)
