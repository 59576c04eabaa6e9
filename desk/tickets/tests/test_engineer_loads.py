"""Routing's load aggregate (`desk.tickets.loads`): whatever changes the requests, through a
service, a bulk update, a full save, an insert or a delete, and wherever the periodic fold runs,
the load it gives each engineer is the count over the requests themselves (the reference model).
On the migrated schema of both engines: it fails when the triggers are gone."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import Count, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.tickets import loads, routing, services
from desk.tickets.models import EngineerLoadChange, Status, Ticket
from desk.tickets.tests.builders import open_request

STATUSES = [choice.value for choice in Status]


def _counted(engineer_ids: list[int]) -> dict[int, tuple[int, int]]:
    """The reference: (open, Hotrush) per engineer, counted over the requests."""
    found = dict.fromkeys(engineer_ids, (0, 0))
    rows = (
        Ticket.objects.filter(status__in=["new", "open", "waiting"], assignee_id__in=engineer_ids)
        .values("assignee_id")
        .annotate(total=Count("id"), hotrush=Count("id", filter=Q(is_hotrush=True)))
        .order_by()
    )
    found.update({row["assignee_id"]: (row["total"], row["hotrush"]) for row in rows})
    return found


class _Rollback(Exception):
    pass


engineer_index = st.sampled_from([0, 1, None])
actions = st.one_of(
    st.tuples(st.just("status"), st.integers(0, 3), st.sampled_from(STATUSES)),
    st.tuples(st.just("assign"), st.integers(0, 3), engineer_index),
    st.tuples(st.just("hotrush"), st.integers(0, 3), st.booleans()),
    st.tuples(
        st.just("save"), st.integers(0, 3), st.sampled_from(STATUSES), engineer_index, st.booleans()
    ),
    st.tuples(st.just("bulk"), st.sampled_from(STATUSES), engineer_index),
    st.tuples(st.just("insert"), st.sampled_from(STATUSES), engineer_index, st.booleans()),
    st.tuples(st.just("delete_inserted")),
    st.tuples(st.just("compact")),
)


@pytest.fixture
def four_requests(alice, alice_store, alice_subscription, engineer_en, engineer_ru):
    tickets = [open_request(alice, alice_store, subject=f"r{n}") for n in range(4)]
    return [t.pk for t in tickets], [engineer_en.pk, engineer_ru.pk]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(actions, max_size=12))
@pytest.mark.django_db
def test_the_aggregate_is_the_count_over_the_requests_after_any_changes(four_requests, steps):
    ids, engineers = four_requests

    def engineer(index):
        return None if index is None else engineers[index]

    try:
        with transaction.atomic():
            inserted: list[int] = []
            for step in steps:
                kind = step[0]
                if kind == "status":
                    Ticket.objects.filter(pk=ids[step[1]]).update(status=step[2])
                elif kind == "assign":
                    Ticket.objects.filter(pk=ids[step[1]]).update(assignee_id=engineer(step[2]))
                elif kind == "hotrush":
                    Ticket.objects.filter(pk=ids[step[1]]).update(is_hotrush=step[2])
                elif kind == "save":
                    ticket = Ticket.objects.get(pk=ids[step[1]])
                    ticket.status, ticket.assignee_id, ticket.is_hotrush = (
                        step[2],
                        engineer(step[3]),
                        step[4],
                    )
                    ticket.save()
                elif kind == "bulk":
                    Ticket.objects.filter(pk__in=ids[:3]).update(
                        status=step[1], assignee_id=engineer(step[2])
                    )
                elif kind == "insert":
                    copy = Ticket.objects.get(pk=ids[0])
                    copy.pk = None
                    copy.status, copy.assignee_id, copy.is_hotrush = (
                        step[1],
                        engineer(step[2]),
                        step[3],
                    )
                    copy.save(force_insert=True)
                    inserted.append(copy.pk)
                elif kind == "delete_inserted" and inserted:
                    Ticket.objects.filter(pk=inserted.pop()).delete()
                elif kind == "compact":
                    loads.compact()
                # then: after every step, the aggregate is the count
                assert loads.of(engineers) == _counted(engineers), steps
            # and a fold changes no sum, leaving at most one row per engineer
            loads.compact()
            assert loads.of(engineers) == _counted(engineers)
            assert EngineerLoadChange.objects.count() <= len(engineers)
            raise _Rollback
    except _Rollback:
        pass


def test_routing_weighs_hotrush_from_the_aggregate(four_requests, engineer_en):
    # given: two requests held by Erin, one of them Hotrush
    ids, engineers = four_requests
    Ticket.objects.filter(pk__in=ids[:2]).update(assignee_id=engineer_en.pk)
    Ticket.objects.filter(pk=ids[0]).update(is_hotrush=True)

    # when / then: the Hotrush one counts the weight
    weight = django_settings.DESK_ROUTING_HOTRUSH_WEIGHT
    assert routing.loads_of(engineers) == {engineers[0]: 1 + weight, engineers[1]: 0}


def test_rebuild_gives_what_the_triggers_kept(four_requests, engineer_en):
    # given: changes through the services, then folded
    ids, engineers = four_requests
    ticket = Ticket.objects.get(pk=ids[1])
    services.assign(ticket=ticket, actor=engineer_en.user, engineer=engineer_en)
    services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.RESOLVED)
    kept = loads.of(engineers)

    # when
    loads.rebuild()

    # then
    assert loads.of(engineers) == kept == _counted(engineers)
    assert EngineerLoadChange.objects.count() == sum(1 for total, _ in kept.values() if total)
