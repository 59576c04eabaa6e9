"""Requests ("tickets"), their messages, attachments and append-only history."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Department, Engineer, Language
from desk.catalog.models import IncidentPriority, Plan
from desk.core import clock
from desk.core.lookups import InLiteral, in_literal
from desk.entitlements.models import CreditEntry, Subscription
from desk.stores.models import Store
from desk.tickets.scope import Category


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting on customer")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.WAITING)


def open_statuses_filter() -> InLiteral:
    """`status IN ('new', 'open', 'waiting')` written as the open-queue partial indexes state
    it, so that SQLite uses them (see `desk.core.lookups.InLiteral`)."""
    return in_literal("status", OPEN_STATUSES)


class UnroutedReason(models.TextChoices):
    """Why routing left a request in its department queue (shown on the request)."""

    NO_ENGINEER = "no_engineer", _("No active engineer works in this department.")
    NO_SPEAKER = "no_speaker", _("No engineer of this department speaks the request's language.")
    OFF_SHIFT = (
        "off_shift",
        _("Nobody who speaks the request's language is on shift: it goes to the first who is."),
    )


class EntitlementKind(models.TextChoices):
    SUBSCRIPTION = "subscription", _("Subscription")
    INCIDENT = "incident", _("Incident credit")
    # Customer Service and Sales answer without an entitlement (PRODUCT.md §7): no store, no
    # plan, nothing spent; the department's reply policy sets the reply clock.
    NONE = "none", _("No entitlement (department request)")


class Ticket(models.Model):
    # no index of its own: ticket_customer_idx and ticket_customer_status_idx both start with it
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tickets", db_index=False
    )
    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="tickets")
    subject = models.CharField(_("subject"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    is_hotrush = models.BooleanField(_("Hotrush"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    # The entitlement the request runs on, fixed when it is opened; a department request runs
    # on none (no store, no plan).
    entitlement_kind = models.CharField(max_length=20, choices=EntitlementKind.choices)
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    credit_priority = models.CharField(max_length=10, choices=IncidentPriority.choices, blank=True)
    credit_entry = models.OneToOneField(
        CreditEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assignee = models.ForeignKey(
        Engineer, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    # Why routing left the request unassigned ("" when it did not, or someone took it since).
    unrouted_reason = models.CharField(
        _("not routed because"), max_length=20, choices=UnroutedReason.choices, blank=True
    )
    out_of_scope = models.BooleanField(_("out of scope"), default=False)
    bug_url = models.URLField(_("bug tracker link"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    # The reply clock (desk.tickets.clock.reply_clock): `awaiting_reply_since` is the customer
    # message that is owed an answer, cleared by a public reply or closing. While the clock runs,
    # `reply_due_at` is the promised due time and (`reply_running_since`, `reply_left`) the
    # working time that was left when this stretch of running began; while it is paused (waiting
    # on the customer, resolved) `reply_paused_at` is set, `reply_due_at` is empty and
    # `reply_left` holds the working time left. `reply_used`/`reply_paused`: working time the
    # clock ran / stood still before the current stretch.
    awaiting_reply_since = models.DateTimeField(null=True, blank=True)
    reply_due_at = models.DateTimeField(null=True, blank=True)
    reply_running_since = models.DateTimeField(null=True, blank=True)
    reply_paused_at = models.DateTimeField(null=True, blank=True)
    reply_left = models.DurationField(null=True, blank=True)
    reply_used = models.DurationField(default=timedelta(0))
    reply_paused = models.DurationField(default=timedelta(0))
    first_replied_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["customer", "-created_at", "-id"], name="ticket_customer_idx"),
            # a customer's counts per status (the portal's tabs) from the index alone
            models.Index(fields=["customer", "status"], name="ticket_customer_status_idx"),
            # The queue's sort key (reply due NULLS LAST, created, id) over the open requests
            # only: a page is read in index order whatever the number of closed requests.
            # Queries must repeat the condition literally (`open_statuses_filter`) for SQLite
            # to use them.
            models.Index(
                fields=["reply_due_at", "created_at", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="ticket_open_queue_idx",
            ),
            # the backlog report's counts of open requests read only this (PostgreSQL: an
            # index-only scan; SQLite ignores `include` and reads the rows it points to)
            models.Index(
                fields=["department", "status"],
                include=["created_at", "reply_due_at", "awaiting_reply_since"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="ticket_open_backlog_idx",
            ),
            models.Index(
                fields=["department", "reply_due_at", "created_at", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="ticket_open_department_idx",
            ),
            models.Index(
                fields=["assignee", "reply_due_at", "created_at", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="ticket_open_assignee_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        entitlement_kind="subscription",
                        subscription__isnull=False,
                        store__isnull=False,
                        plan__isnull=False,
                    )
                    | models.Q(
                        entitlement_kind="incident",
                        subscription__isnull=True,
                        store__isnull=False,
                        plan__isnull=False,
                    )
                    & ~models.Q(credit_priority="")
                    | models.Q(
                        entitlement_kind="none",
                        subscription__isnull=True,
                        plan__isnull=True,
                        credit_priority="",
                        credit_entry__isnull=True,
                    )
                ),
                name="ticket_entitlement_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return f"REQ-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_department_request(self) -> bool:
        """Customer Service or Sales without an entitlement: nothing spent, no contract SLA."""
        return self.entitlement_kind == EntitlementKind.NONE


class MessageKind(models.TextChoices):
    CUSTOMER = "customer", _("Customer message")
    REPLY = "reply", _("Engineer reply")
    NOTE = "note", _("Internal note")


class Message(models.Model):
    # no index of its own: `message_ticket_idx` (ticket, created_at) serves every read by ticket
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_idx")]

    @property
    def is_public(self) -> bool:
        return self.kind != MessageKind.NOTE


def attachment_path(instance: Attachment, filename: str) -> str:
    """Server-generated storage name; the customer's file name is kept only as metadata."""
    suffix = PurePosixPath(filename).suffix.lower()
    safe_suffix = suffix if suffix.isascii() and suffix[1:].isalnum() and len(suffix) <= 10 else ""
    today = clock.now()
    return f"attachments/{today:%Y/%m}/{uuid.uuid4().hex}{safe_suffix}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=clock.now)


class EventKind(models.TextChoices):
    CREATED = "created", _("Request opened")
    MESSAGE = "message", _("Customer wrote")
    REPLY = "reply", _("Engineer replied")
    NOTE = "note", _("Internal note added")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    OUT_OF_SCOPE = "out_of_scope", _("Ruled out of scope")
    BUG_LINKED = "bug_linked", _("Bug tracker link set")
    HOTRUSH = "hotrush", _("Hotrush changed")
    DEPARTMENT = "department", _("Moved to another department")
    NOT_ROUTED = "not_routed", _("Left in the department queue")
    # `from_value` the subject before (cut to 100), `data["before"]` all of it.
    SUBJECT = "subject", _("Subject changed")
    # The reply clock (desk.tickets.clock.reply_clock): `from_value` is the instant the clock
    # started, `to_value` its due time, both UTC ISO; one outcome per clock, one warning per due.
    SLA_WARNING = "sla_warning", _("Reply due soon: engineers warned")
    SLA_MET = "sla_met", _("Replied within the guaranteed time")
    SLA_BREACHED = "sla_breached", _("Guaranteed reply time passed")
    SLA_PAUSED = "sla_paused", _("Reply clock paused")
    SLA_RESUMED = "sla_resumed", _("Reply clock resumed")
    # Server access details (desk.tickets.server_access): never the secret, only that it moved.
    SECRET_PROVIDED = "secret_provided", _("Server access details provided")
    SECRET_VIEWED = "secret_viewed", _("Server access details viewed")
    SECRET_WIPED = "secret_wiped", _("Server access details wiped")
    # Quotes (desk.tickets.quotes): `data` names the quote; its payment shows on the quote itself.
    QUOTE_OFFERED = "quote_offered", _("Quote offered")
    QUOTE_ACCEPTED = "quote_accepted", _("Quote accepted")
    QUOTE_DECLINED = "quote_declined", _("Quote declined")
    QUOTE_WITHDRAWN = "quote_withdrawn", _("Quote withdrawn")
    # Resolved requests close themselves (desk.tickets.auto_close): `from_value` is the start of
    # the quiet stretch (UTC ISO), `to_value` when it closes; one reminder per quiet stretch.
    AUTO_CLOSE_REMINDER = "auto_close_reminder", _("Reminder sent: the request closes itself soon")
    AUTO_CLOSED = "auto_closed", _("Closed automatically: no message from the customer")
    # Live calls (desk.calls): `from_value`/`to_value` the call's status before and after, `data`
    # the call and its slot.
    CALL = "call", _("Live call")


SLA_OUTCOME_KINDS = (EventKind.SLA_MET, EventKind.SLA_BREACHED)


class TicketEvent(models.Model):
    """Append-only history: written in the same transaction as the change it records."""

    # no index of its own: `event_ticket_idx` (ticket, created_at) serves every read by ticket
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_value = models.CharField(max_length=100, blank=True)
    to_value = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("created_at", "id")
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="event_ticket_idx"),
            models.Index(fields=["kind", "created_at"], name="event_kind_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "from_value"],
                condition=models.Q(kind__in=["sla_met", "sla_breached"]),
                name="event_one_sla_outcome_per_clock",
            ),
            models.UniqueConstraint(
                fields=["ticket", "from_value", "to_value"],
                condition=models.Q(kind="sla_warning"),
                name="event_one_sla_warning_per_due",
            ),
            models.UniqueConstraint(
                fields=["ticket", "from_value"],
                condition=models.Q(kind="auto_close_reminder"),
                name="event_one_auto_close_reminder",
            ),
        ]


class ServerAccess(models.Model):
    """Server access details of an installation request (PRODUCT.md §6), as one encrypted JSON
    blob: there is never a plaintext column. `desk.tickets.server_access` encrypts, reveals and
    wipes it; once wiped, `ciphertext` is empty and `wiped_at` set."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="server_access")
    ciphertext = models.BinaryField(editable=False, blank=True)
    # Which key of DESK_SECRETS_KEYS encrypted it (a fingerprint, not the key): rotation finds
    # the rows still on an old key.
    key_id = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    wiped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("server access details")
        verbose_name_plural = _("server access details")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(wiped_at__isnull=True) & ~models.Q(key_id="")
                    | models.Q(wiped_at__isnull=False, key_id="", ciphertext=b"")
                ),
                name="server_access_wiped_or_keyed",
            ),
        ]

    def __str__(self) -> str:
        return f"server access of request {self.ticket_id}"

    def __repr__(self) -> str:
        # Never the ciphertext (nor, of course, the plaintext): reprs end up in logs and tracebacks.
        state = "wiped" if self.wiped_at else "stored"
        return f"<ServerAccess ticket={self.ticket_id} key={self.key_id or '-'} {state}>"

    @property
    def is_wiped(self) -> bool:
        return self.wiped_at is not None


class ServerAccessView(models.Model):
    """Append-only log of every reveal of server access details: who, when, from where. Written
    in the transaction that decrypts, so no reveal goes unlogged."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=clock.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # Why they looked, when the assignment alone does not say it; shown to the customer.
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ("at", "id")
        indexes = [models.Index(fields=["ticket", "at"], name="server_access_view_ticket_idx")]


class ReplyOutcome(models.Model):
    """A maintained aggregate of the SLA outcome events (met or breached), one row per outcome,
    written with it (`events.record_sla_outcome`), in typed and indexed columns: what the
    expected reply time (`clock.expectations`), SLA attainment (`clock.attainment`) and the
    reply-time report (`desk.reports.reply_times`) read instead of the events' JSON. Derivable
    from the events at any time (the migrations that added it backfilled it from them)."""

    event = models.OneToOneField(TicketEvent, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, related_name="+")
    is_hotrush = models.BooleanField()
    is_first = models.BooleanField(default=True)  # the clock of the request's first reply
    is_met = models.BooleanField(default=False)
    is_replied = models.BooleanField(default=True)  # False: breached before any reply
    working_seconds_used = models.PositiveIntegerField()
    due_at = models.DateTimeField(null=True)
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["department", "-recorded_at", "-id"], name="reply_outcome_recent_idx"
            ),
            models.Index(fields=["due_at"], name="reply_outcome_due_idx"),
            # department requests (no plan) by due time, for their own attainment section
            models.Index(
                fields=["due_at"],
                include=["department", "is_first", "is_met"],
                name="reply_outcome_policy_idx",
                condition=models.Q(plan__isnull=True),
            ),
            models.Index(fields=["recorded_at"], name="reply_outcome_recorded_idx"),
            # a percentile to the second among one minute's first replies (desk.tickets.tallies)
            models.Index(
                fields=["working_seconds_used", "recorded_at"],
                name="reply_outcome_used_idx",
                condition=models.Q(is_first=True, plan__isnull=False),
            ),
        ]


class OutcomeTally(models.Model):
    """Contract reply outcomes (met, total) per quarter hour of the due time (UTC), plan,
    department, Hotrush and first reply: what SLA attainment reads (`desk.tickets.tallies`)."""

    bucket = models.DateTimeField()
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    is_hotrush = models.BooleanField()
    is_first = models.BooleanField()
    met = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bucket", "plan", "department", "is_hotrush", "is_first"],
                name="outcome_tally_key",
            )
        ]


class ReplyTimeTally(models.Model):
    """First replies of contract requests per UTC day of the outcome, Hotrush, replied (or
    breached before any reply) and whole minutes of working time used: what the reply-time
    report reads (`desk.tickets.tallies`)."""

    day = models.DateField()
    is_hotrush = models.BooleanField()
    is_replied = models.BooleanField()
    minutes = models.PositiveIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "is_hotrush", "is_replied", "minutes"], name="reply_time_tally_key"
            )
        ]


class RecentReplies(models.Model):
    """A maintained aggregate of one department's latest reply outcomes: what the expected reply
    time reads (`desk.tickets.recent_replies`) instead of its last `HISTORY_LIMIT` outcome rows.
    Written with each outcome (`events.record_sla_outcome`, in its transaction, holding this
    row's lock) and rebuilt from the outcomes by `recent_replies.rebuild`."""

    department = models.OneToOneField(
        Department, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # Newest first, at most `estimate.HISTORY_LIMIT`: [recorded_at as microseconds since the
    # epoch, the outcome's id, 1 for Hotrush else 0, working seconds used].
    outcomes = models.JSONField(default=list)
    # the recorded_at of the last entry and of the first, as the entries hold it: the hot read
    # (`recent_replies.typical_reply`) is one plain statement, which converts no date
    oldest_micros = models.BigIntegerField()
    newest_micros = models.BigIntegerField()
    # `estimate.median_seconds` of all entries of each flag (None: no entry of that flag)
    median_common = models.PositiveIntegerField(null=True)
    median_hotrush = models.PositiveIntegerField(null=True)


class BacklogChange(models.Model):
    """A maintained aggregate of the backlog's net change (openings minus closings, as
    `desk.tickets.backlog.backlog_change` counts the created and status events) per UTC quarter
    hour: what the backlog report sums per local day instead of the events.

    A quarter hour, because every time zone in use is a whole number of quarter hours from UTC
    (+05:30, +05:45, -03:30): a local day's end is a bucket's edge, so per-day sums are exact in
    every zone. Writers only insert (one row per change, in the event's transaction: no row
    lock to wait for); `desk.tickets.backlog.compact` folds each bucket's rows into one
    (`is_compacted`) every minute. Derivable from the events at any time (its migration
    backfilled it)."""

    bucket = models.DateTimeField()  # UTC, on a quarter hour: the bucket's start
    change = models.IntegerField()
    is_compacted = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # (bucket, change): the report's range sum reads the index alone
            models.Index(fields=["bucket", "change"], name="backlog_change_bucket_idx"),
            # what the compaction looks for: the few rows written since its last run
            models.Index(
                fields=["bucket"],
                condition=models.Q(is_compacted=False),
                name="backlog_change_loose_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.change:+d} at {self.bucket:%Y-%m-%d %H:%M}"


class EngineerLoadChange(models.Model):
    """A maintained aggregate of the open requests each engineer holds (routing's load,
    `desk.tickets.loads`): signed changes of (open requests, of which Hotrush) per engineer.

    Written by the database, not by Python: triggers on `tickets_ticket` (migration 0020) add a
    row whenever an insert, a delete, or an update of status, assignee or Hotrush changes what a
    request counts for, so no writer (a service, a bulk update, the admin) can leave it behind.
    Rows are only inserted (no row lock to wait for); `loads.compact` folds each engineer's rows
    into one every minute. Derivable from the requests at any time (`loads.rebuild`).
    Defined after `Ticket`: SQLite's flush empties tables in model order, and deleting the
    requests writes here."""

    engineer_id = models.BigIntegerField()
    open_change = models.IntegerField()
    hotrush_change = models.IntegerField()

    class Meta:
        indexes = [
            # routing sums an engineer's rows from the index alone
            models.Index(
                fields=["engineer_id", "open_change", "hotrush_change"],
                name="engineer_load_change_idx",
            )
        ]

    def __str__(self) -> str:
        return f"engineer {self.engineer_id}: {self.open_change:+d} ({self.hotrush_change:+d})"
