"""Server access details of installation requests (PRODUCT.md §6): secrets.

Encrypted at rest with AES-256-GCM, as one JSON blob per request bound to the request's id (a blob
copied onto another request does not decrypt); shown only to the engineer working the request (its
assignee) and to superusers, every reveal logged; wiped when the request closes.

Keys: `settings.DESK_SECRETS_KEYS`, kept by `desk.core.sealing` (rotation: put a new key first,
run `manage.py server_access --rotate-keys`, then drop the old one).

Nothing here logs a secret or puts one in an exception: errors carry codes and never a value, the
reprs of `ServerAccessDetails` and of the model show no secret, and error reports (the debug page,
mailed 500s) hide the local variables of every function that handles plaintext or keys.
"""

from __future__ import annotations

import ipaddress
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from desk.accounts.models import User
from desk.core import clock, sealing
from desk.tickets import errors
from desk.tickets.events import record_event
from desk.tickets.models import (
    EventKind,
    Message,
    MessageKind,
    ServerAccess,
    ServerAccessView,
    Status,
    Ticket,
    TicketEvent,
)
from desk.tickets.scope import Category


class Protocol(models.TextChoices):
    SSH = "ssh", _("SSH")
    SFTP = "sftp", _("SFTP")
    FTP = "ftp", _("FTP")
    CONTROL_PANEL = "control_panel", _("Hosting control panel")
    OTHER = "other", _("Other")


HOST_MAX = 500
USERNAME_MAX = 200
SECRET_MAX = 10_000
NOTES_MAX = 2_000
# Multi-line fields (a private key, notes) keep line breaks and tabs; no other control character.
_MULTILINE_ALLOWED = frozenset("\n\r\t")


@dataclass(frozen=True, slots=True, repr=False)
class ServerAccessDetails:
    host: str
    protocol: str
    username: str = ""
    secret: str = ""  # password or private key
    notes: str = ""

    def __repr__(self) -> str:  # never the values: reprs reach logs and tracebacks
        return f"ServerAccessDetails(protocol={self.protocol!r}, <hidden>)"

    __str__ = __repr__


@dataclass(frozen=True, slots=True, repr=False)
class RevealedAccess:
    details: ServerAccessDetails
    provided_at: datetime

    def __repr__(self) -> str:
        return f"RevealedAccess(provided_at={self.provided_at.isoformat()}, <hidden>)"


# --- input checks -------------------------------------------------------------------------------

_LIMITS: dict[str, tuple[Promise, int, bool]] = {
    # field: (label, max length, multi-line)
    "host": (_("Server address"), HOST_MAX, False),
    "username": (_("User name"), USERNAME_MAX, False),
    "secret": (_("Password or private key"), SECRET_MAX, True),
    "notes": (_("Notes"), NOTES_MAX, True),
}


@sensitive_variables()
def check_details(raw: Mapping[str, object]) -> ServerAccessDetails:
    """The cleaned details, or `invalid_server_access` (never naming the value).
    `host` and `protocol` are required; every field is text without NUL or control characters
    (line breaks and tabs allowed in `secret` and `notes`), within its limit."""
    cleaned: dict[str, str] = {}
    for name, (label, limit, multiline) in _LIMITS.items():
        value = raw.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise errors.invalid_server_access(label, limit)
        value = value if multiline else value.strip()
        allowed = _MULTILINE_ALLOWED if multiline else frozenset()
        controls = any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value)
        if controls or len(value) > limit or (name == "host" and not value):
            raise errors.invalid_server_access(label, limit)
        cleaned[name] = value
    protocol = raw.get("protocol")
    if not isinstance(protocol, str) or protocol not in Protocol.values:
        raise errors.invalid_server_access(_("Access type"), 20)
    return ServerAccessDetails(protocol=protocol, **cleaned)


@sensitive_variables()
def check_attachable(*, category: str, details: Mapping[str, object]) -> ServerAccessDetails:
    """Checks of `attach_server_access` that need no request: for a front door that opens the
    request and attaches the details in one go, so that a refusal comes before anything is stored.
    Raises `server_access_not_applicable`, `invalid_server_access`."""
    if category != Category.INSTALLATION:
        raise errors.server_access_not_applicable()
    return check_details(details)


# --- encryption ---------------------------------------------------------------------------------


def _keyring() -> tuple[sealing.Key, ...]:
    """The keys, first the one that encrypts (`desk.core.sealing`)."""
    return sealing.keyring()


def _aad(ticket_id: int) -> bytes:
    return b"supportdesk/server-access/request:%d" % ticket_id


@sensitive_variables()
def encrypt(ticket_id: int, details: ServerAccessDetails) -> tuple[str, bytes]:
    """(key id, ciphertext) of the details of request `ticket_id`, under the first key."""
    plaintext = json.dumps(asdict(details), separators=(",", ":")).encode()
    return sealing.seal(plaintext, context=_aad(ticket_id))


@sensitive_variables()
def decrypt(ticket_id: int, key_id: str, blob: bytes) -> ServerAccessDetails:
    """Raises ImproperlyConfigured (a server error, loudly) when the key is gone or the blob was
    tampered with or belongs to another request; the message names no secret."""
    what = f"server access of request {ticket_id}"
    plaintext = sealing.unseal(key_id, blob, context=_aad(ticket_id), what=what)
    return ServerAccessDetails(**json.loads(plaintext))


# --- services -----------------------------------------------------------------------------------


@sensitive_variables()
def attach_server_access(
    *, ticket: Ticket, customer: User, details: Mapping[str, object]
) -> ServerAccess:
    """The customer gives (or replaces) the server access details of their open installation
    request. Raises `ticket_not_found`, `server_access_not_applicable`, `invalid_server_access`,
    `server_access_request_not_open` (409)."""
    if customer.pk != ticket.customer_id:
        raise errors.ticket_not_found()
    checked = check_attachable(category=ticket.category, details=details)
    with transaction.atomic():
        ticket = _locked(ticket)
        if not ticket.is_open:
            raise errors.server_access_request_not_open()
        key_id, blob = encrypt(ticket.pk, checked)
        now = clock.now()
        access = ServerAccess.objects.filter(ticket=ticket).first()
        replaced = access is not None
        if access is None:
            access = ServerAccess(ticket=ticket, created_at=now)
        access.ciphertext, access.key_id, access.updated_at, access.wiped_at = (
            blob,
            key_id,
            now,
            None,
        )
        access.save()
        record_event(ticket, EventKind.SECRET_PROVIDED, actor=customer, data={"replaced": replaced})
    return access


@sensitive_variables()
def reveal_server_access(
    *,
    ticket: Ticket,
    user: User,
    ip: str | None,
    second_factor: bool,
    reason: str = "",
) -> RevealedAccess:
    """Decrypt the details for the engineer working the request (its assignee) or a superuser,
    logging the view (a ServerAccessView row and a SECRET_VIEWED event, both with the reason the
    customer sees) in the same transaction: the details are returned only once it is committed.

    The caller says whether this session signed in with a second factor (`second_factor`): it is
    required. An engineer who assigned the request to themselves since the customer last wrote
    must give a `reason` (issue 10: no "assign myself and look" in one step); so must a
    superuser who is not the assignee.

    Raises `ticket_not_found` (not staff), `two_factor_required`, `server_access_wiped` (410),
    `server_access_assign_first` / `server_access_not_assignee` /
    `server_access_reason_required` (403), `invalid_reveal_reason`,
    `server_access_not_provided` (404)."""
    cleaned_reason = _check_reason(reason)
    with transaction.atomic():
        ticket = _locked(ticket)
        _check_staff(user)
        if not second_factor:
            raise errors.server_access_two_factor_required()
        access = ServerAccess.objects.filter(ticket=ticket).first()
        if access is not None and access.is_wiped:
            raise errors.server_access_wiped()
        _check_works_on(ticket, user)
        if not cleaned_reason and not _assignment_justifies(ticket, user):
            raise errors.server_access_reason_required()
        if access is None:
            raise errors.server_access_not_provided()
        details = decrypt(ticket.pk, access.key_id, bytes(access.ciphertext))
        view = ServerAccessView.objects.create(
            ticket=ticket, user=user, at=clock.now(), ip=_clean_ip(ip), reason=cleaned_reason
        )
        record_event(
            ticket,
            EventKind.SECRET_VIEWED,
            actor=user,
            data={"view_id": view.pk, "reason": cleaned_reason},
        )
    return RevealedAccess(details=details, provided_at=access.updated_at)


REASON_MAX = 500


def _check_reason(reason: str) -> str:
    if not isinstance(reason, str):
        raise errors.invalid_reveal_reason(REASON_MAX)
    cleaned = " ".join(reason.split())
    controls = any(unicodedata.category(ch) == "Cc" for ch in reason if ch not in "\n\r\t")
    if controls or len(cleaned) > REASON_MAX:
        raise errors.invalid_reveal_reason(REASON_MAX)
    return cleaned


def _assignment_justifies(ticket: Ticket, user: User) -> bool:
    """The assignee's current assignment was made by someone else, or before the customer's
    last message (so the customer wrote knowing who works the request)."""
    assignee = ticket.assignee
    if assignee is None or assignee.user_id != user.pk:
        return False
    assignment = (
        TicketEvent.objects.filter(
            ticket=ticket, kind=EventKind.ASSIGNED, to_value=str(assignee.pk)
        )
        .order_by("-created_at", "-id")
        .values("actor_id", "created_at")
        .first()
    )
    if assignment is None:
        return False
    if assignment["actor_id"] != user.pk:
        return True
    last_customer_message = (
        Message.objects.filter(ticket=ticket, kind=MessageKind.CUSTOMER)
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)
        .first()
    )
    return last_customer_message is not None and assignment["created_at"] < last_customer_message


def reveals_of(ticket: Ticket) -> list[ServerAccessView]:
    """Every reveal of the request's details, oldest first, with who looked: the customer sees
    them all (who, when, why)."""
    return list(
        ServerAccessView.objects.filter(ticket=ticket).select_related("user").order_by("at", "id")
    )


def wipe_for(ticket: Ticket, *, actor: User | None, at: datetime) -> bool:
    """Wipe the request's details (ciphertext emptied, key id cleared, `wiped_at` set) with a
    SECRET_WIPED event; False if there was nothing to wipe. The caller holds the ticket row lock
    inside its transaction (the request is closing)."""
    wiped = ServerAccess.objects.filter(ticket_id=ticket.pk, wiped_at__isnull=True).update(
        ciphertext=b"", key_id="", wiped_at=at
    )
    if wiped:
        record_event(ticket, EventKind.SECRET_WIPED, actor=actor)
    return bool(wiped)


def wipe_closed() -> int:
    """The safety net: wipe what closed requests still hold (closed before this existed, or by a
    path that missed `wipe_for`). Safe to run twice. Returns how many were wiped."""
    count = 0
    pending = ServerAccess.objects.filter(wiped_at__isnull=True, ticket__status=Status.CLOSED)
    for ticket_id in pending.values_list("ticket_id", flat=True):
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
            if ticket.status == Status.CLOSED:
                count += wipe_for(ticket, actor=None, at=clock.now())
    return count


@sensitive_variables()
def rotate_keys() -> int:
    """Re-encrypt every stored blob that is not under the first key. Safe to run twice.
    Returns how many were re-encrypted."""
    current = _keyring()[0].id
    count = 0
    stale = ServerAccess.objects.filter(wiped_at__isnull=True).exclude(key_id=current)
    for access_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            access = ServerAccess.objects.select_for_update().get(pk=access_id)
            if access.is_wiped or access.key_id == current:
                continue
            details = decrypt(access.ticket_id, access.key_id, bytes(access.ciphertext))
            access.key_id, access.ciphertext = encrypt(access.ticket_id, details)
            access.save(update_fields=["key_id", "ciphertext"])
            count += 1
    return count


# --- reads --------------------------------------------------------------------------------------


def provided_at(ticket: Ticket) -> datetime | None:
    """When the customer last gave details still held (not wiped); None otherwise. What the
    customer is shown instead of the details themselves."""
    return (
        ServerAccess.objects.filter(ticket=ticket, wiped_at__isnull=True)
        .values_list("updated_at", flat=True)
        .first()
    )


# --- small steps --------------------------------------------------------------------------------


def _locked(ticket: Ticket) -> Ticket:
    """The ticket reloaded under its row lock; the caller holds a transaction."""
    return (
        Ticket.objects.select_related("assignee__user")
        .select_for_update(of=("self",))
        .get(pk=ticket.pk)
    )


def _check_staff(user: User) -> None:
    if not (user.is_active and (user.is_superuser or user.is_engineer)):
        raise errors.ticket_not_found()


def _check_works_on(ticket: Ticket, user: User) -> None:
    """ "Engineers working the request" (PRODUCT.md §6): its assignee, while active. A superuser
    may look too, always with a reason (`_assignment_justifies` is False for them)."""
    if user.is_superuser:
        return
    assignee = ticket.assignee
    if assignee is None:
        raise errors.server_access_assign_first()
    if assignee.user_id != user.pk or not assignee.is_active:
        raise errors.server_access_not_assignee()


def _clean_ip(ip: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(ip or ""))
    except ValueError:
        return None
