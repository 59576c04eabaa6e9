from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from desk.accounts.models import Department
from desk.core.errors import DeskError
from desk.tickets import services
from desk.tickets.access import RELATED, access_attachment, access_ticket, engineer_of
from desk.tickets.models import Ticket
from desk.tickets.tests.builders import upload


def _refused_code(load, *args) -> tuple[str, int]:
    with pytest.raises(DeskError) as caught:
        load(*args)
    return caught.value.code, caught.value.status


def test_customer_reaches_their_own_request(alice, alice_ticket):
    assert access_ticket(alice, alice_ticket.pk) == alice_ticket


def test_foreign_missing_and_anonymous_are_the_same_404(alice, bob, alice_ticket):
    not_found = ("ticket_not_found", 404)
    assert _refused_code(access_ticket, bob, alice_ticket.pk) == not_found
    assert _refused_code(access_ticket, alice, alice_ticket.pk + 1000) == not_found
    assert _refused_code(access_ticket, AnonymousUser(), alice_ticket.pk) == not_found


def test_inactive_customer_is_refused(alice, alice_ticket):
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert _refused_code(access_ticket, alice, alice_ticket.pk) == ("ticket_not_found", 404)


def test_engineers_and_superusers_reach_every_request(alice_ticket, engineer_ru, staff_admin):
    assert access_ticket(engineer_ru.user, alice_ticket.pk) == alice_ticket
    assert access_ticket(staff_admin, alice_ticket.pk) == alice_ticket


def test_inactive_engineer_is_treated_as_a_stranger(alice_ticket, engineer_inactive):
    refused = _refused_code(access_ticket, engineer_inactive.user, alice_ticket.pk)

    assert refused == ("ticket_not_found", 404)


def test_access_for_update_loads_the_request_inside_a_transaction(alice, alice_ticket):
    with transaction.atomic():
        ticket = access_ticket(alice, alice_ticket.pk, for_update=True)

    assert ticket.pk == alice_ticket.pk
    assert ticket.store is not None
    assert ticket.store.canonical_url == "alice-shop.example"


def test_attachment_of_a_public_message_reaches_owner_and_engineers(
    alice, bob, alice_ticket, engineer_en
):
    # given
    message = services.add_customer_message(
        ticket=alice_ticket, author=alice, body="Screenshot", attachments=[upload()]
    )
    attachment = message.attachments.get()

    # then
    assert access_attachment(alice, attachment.pk) == attachment
    assert access_attachment(engineer_en.user, attachment.pk) == attachment
    assert _refused_code(access_attachment, bob, attachment.pk) == ("attachment_not_found", 404)
    assert _refused_code(access_attachment, AnonymousUser(), attachment.pk) == (
        "attachment_not_found",
        404,
    )
    assert _refused_code(access_attachment, alice, attachment.pk + 1000) == (
        "attachment_not_found",
        404,
    )


def test_attachment_of_an_internal_note_is_hidden_from_the_customer(
    alice, alice_ticket, engineer_en, engineer_ru
):
    # given
    note = services.add_note(
        ticket=alice_ticket, engineer=engineer_en, body="Server log", attachments=[upload()]
    )
    attachment = note.attachments.get()

    # then
    assert _refused_code(access_attachment, alice, attachment.pk) == ("attachment_not_found", 404)
    assert access_attachment(engineer_ru.user, attachment.pk) == attachment


def test_engineer_of_returns_the_profile_of_active_engineers_only(
    alice, engineer_en, engineer_inactive
):
    assert engineer_of(engineer_en.user) == engineer_en
    assert _refused_code(engineer_of, alice) == ("engineer_not_found", 404)
    assert _refused_code(engineer_of, engineer_inactive.user) == ("engineer_not_found", 404)
    assert _refused_code(engineer_of, AnonymousUser()) == ("engineer_not_found", 404)


def _fields(instance) -> dict[str, object]:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


@pytest.mark.parametrize("assigned", [True, False])
def test_staffs_read_is_the_querysets_with_every_related_row(
    alice_ticket, engineer_en, engineer_ru, django_assert_num_queries, assigned
):
    # given: a request with a store, plan, subscription (and an assignee, or none)
    if assigned:
        services.assign(ticket=alice_ticket, actor=engineer_en.user, engineer=engineer_ru)
    expected = Ticket.objects.select_related(*RELATED).get(pk=alice_ticket.pk)
    # when: read by the prepared query, in one statement
    with django_assert_num_queries(1):
        found = access_ticket(engineer_en.user, alice_ticket.pk)
        # then: every field and every related row as the queryset reads them
        assert _fields(found) == _fields(expected)
        for path in ("customer", "store", "department", "plan", "subscription"):
            assert _fields(getattr(found, path)) == _fields(getattr(expected, path))
        if assigned:
            assert found.assignee is not None
            assert expected.assignee is not None
            assert _fields(found.assignee) == _fields(expected.assignee)
            assert _fields(found.assignee.user) == _fields(expected.assignee.user)
        else:
            assert found.assignee is None


def test_staffs_read_of_a_department_request_has_no_store_or_plan(
    engineer_en, alice, django_assert_num_queries
):
    # given
    ticket = services.open_department_request(
        customer=alice,
        department=Department.objects.get(code="customer-service"),
        subject="Invoice address",
        body="Please put our VAT number on invoices.",
        language="en",
    )
    # when
    with django_assert_num_queries(1):
        found = access_ticket(engineer_en.user, ticket.pk)
        # then
        assert found.store is None
        assert found.plan is None
        assert found.subscription is None
        assert found.department.pk == ticket.department_id


def test_staffs_read_of_a_missing_request_is_the_same_404(engineer_en, alice_ticket):
    assert _refused_code(access_ticket, engineer_en.user, alice_ticket.pk + 1000) == (
        "ticket_not_found",
        404,
    )
