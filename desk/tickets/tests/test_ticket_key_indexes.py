"""Each table written on every opening keeps one index leading with the request's key
(migration tickets 0021): a second one would be one more write per message and event that no
read needs."""

from __future__ import annotations

import pytest
from django.db import connection

from desk.tickets.models import Message, TicketEvent


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "kept"), [(Message, "message_ticket_idx"), (TicketEvent, "event_ticket_idx")]
)
def test_one_index_leads_with_the_request(model, kept):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)

    leading = sorted(
        name
        for name, info in constraints.items()
        if info["index"] and info["columns"][:1] == ["ticket_id"] and not info.get("unique")
    )

    assert leading == [kept]
