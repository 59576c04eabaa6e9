"""Every state change of requests: opening, messages, replies, notes, status, assignment,
departments, Hotrush, scope and bug links.

Each service validates first (a refused action stores nothing), then makes the change and writes
its history rows in one transaction while holding the ticket row lock.
"""

from desk.tickets.services._steps import CLOCK_STOPPED
from desk.tickets.services.conversation import add_customer_message, add_note, reply
from desk.tickets.services.editing import change_customer_email, change_store_url, change_subject
from desk.tickets.services.hotrush import raise_hotrush
from desk.tickets.services.opening import open_department_request, open_ticket
from desk.tickets.services.routing import reroute_if_off_shift, sweep_routing
from desk.tickets.services.visitors import write_as_visitor
from desk.tickets.services.workflow import (
    assign,
    change_status,
    link_bug,
    move_to_department,
    rule_out_of_scope,
)

__all__ = [
    "CLOCK_STOPPED",
    "add_customer_message",
    "add_note",
    "assign",
    "change_customer_email",
    "change_status",
    "change_store_url",
    "change_subject",
    "link_bug",
    "move_to_department",
    "open_department_request",
    "open_ticket",
    "raise_hotrush",
    "reply",
    "reroute_if_off_shift",
    "rule_out_of_scope",
    "sweep_routing",
    "write_as_visitor",
]
