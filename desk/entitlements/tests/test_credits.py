import pytest

from desk.billing.tests.concurrency import run_concurrently
from desk.core.errors import DeskError
from desk.entitlements import selectors, services
from desk.entitlements.models import CreditBalance, CreditEntry, CreditReason
from desk.entitlements.tests.factories import credits_for


def _ledger(customer):
    return list(
        CreditEntry.objects.filter(customer=customer)
        .order_by("id")
        .values_list("priority", "delta", "reason", "ticket_id")
    )


def test_consuming_a_credit_writes_a_ledger_row(alice):
    credits_for(alice, "normal", 2)

    entry = services.consume_credit(customer=alice, priority="normal", ticket_id=7)

    assert (entry.delta, entry.reason, entry.ticket_id) == (-1, CreditReason.CONSUME, 7)
    assert selectors.credit_balances(alice) == {"normal": 1, "urgent": 0}
    assert _ledger(alice) == [("normal", 2, "purchase", None), ("normal", -1, "consume", 7)]


def test_credit_attached_to_ticket_after_insert(alice):
    credits_for(alice, "urgent")
    entry = services.consume_credit(customer=alice, priority="urgent")
    services.attach_credit_to_ticket(entry=entry, ticket_id=11)
    services.attach_credit_to_ticket(entry=entry, ticket_id=12)  # the first ticket stays
    entry.refresh_from_db()
    assert entry.ticket_id == 11


def test_returned_credit_is_a_new_row_and_the_spend_is_untouched(alice):
    credits_for(alice, "urgent")
    spent = services.consume_credit(customer=alice, priority="urgent", ticket_id=5)

    returned = services.return_credit(ticket_id=5, note="out of scope")

    assert returned is not None
    assert returned.pk != spent.pk
    assert (returned.delta, returned.reason, returned.note) == (1, "return", "out of scope")
    assert _ledger(alice) == [
        ("urgent", 1, "purchase", None),
        ("urgent", -1, "consume", 5),
        ("urgent", 1, "return", 5),
    ]
    assert selectors.credit_balances(alice)["urgent"] == 1


def test_a_credit_is_returned_only_once(alice):
    credits_for(alice, "normal")
    services.consume_credit(customer=alice, priority="normal", ticket_id=9)

    first = services.return_credit(ticket_id=9)
    second = services.return_credit(ticket_id=9)

    assert first is not None
    assert second is None
    assert CreditEntry.objects.filter(reason=CreditReason.RETURN).count() == 1
    assert selectors.credit_balances(alice)["normal"] == 1


def test_a_ticket_without_credit_gets_nothing_back(alice):
    assert services.return_credit(ticket_id=404) is None
    assert not CreditEntry.objects.exists()


def test_balance_never_goes_negative(alice):
    credits_for(alice, "normal")
    services.consume_credit(customer=alice, priority="normal", ticket_id=1)

    with pytest.raises(DeskError) as caught:
        services.consume_credit(customer=alice, priority="normal", ticket_id=2)

    assert caught.value.code == "no_incident_credit"
    assert caught.value.status == 402
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 0
    assert CreditEntry.objects.filter(reason=CreditReason.CONSUME).count() == 1


def test_credits_of_one_priority_do_not_pay_for_the_other(alice):
    credits_for(alice, "normal")
    with pytest.raises(DeskError):
        services.consume_credit(customer=alice, priority="urgent")
    assert selectors.credit_balances(alice) == {"normal": 1, "urgent": 0}


def test_customer_without_any_balance_row_cannot_consume(alice):
    with pytest.raises(DeskError) as caught:
        services.consume_credit(customer=alice, priority="urgent")
    assert caught.value.code == "no_incident_credit"
    assert not CreditEntry.objects.exists()


def test_balance_equals_the_sum_of_the_ledger(alice):
    credits_for(alice, "normal", 3)
    for ticket_id in (1, 2):
        services.consume_credit(customer=alice, priority="normal", ticket_id=ticket_id)
    services.return_credit(ticket_id=1)
    deltas = CreditEntry.objects.filter(customer=alice, priority="normal")
    assert sum(deltas.values_list("delta", flat=True)) == 2
    assert selectors.credit_balances(alice)["normal"] == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_spends_of_the_last_credit_succeed_once(alice):
    credits_for(alice, "urgent", 1)

    def spend(index):
        return services.consume_credit(customer=alice, priority="urgent", ticket_id=100 + index)

    results = run_concurrently(spend, 20)

    spent = [r for r in results if isinstance(r, CreditEntry)]
    refused = [r for r in results if isinstance(r, DeskError)]
    assert len(spent) == 1
    assert len(refused) == 19
    assert {r.code for r in refused} == {"no_incident_credit"}
    assert CreditBalance.objects.get(customer=alice, priority="urgent").remaining == 0
    assert CreditEntry.objects.filter(reason=CreditReason.CONSUME).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_returns_give_one_credit_back(alice):
    credits_for(alice, "normal", 1)
    services.consume_credit(customer=alice, priority="normal", ticket_id=77)

    results = run_concurrently(lambda i: services.return_credit(ticket_id=77), 10)

    assert len([r for r in results if isinstance(r, CreditEntry)]) == 1
    assert results.count(None) == 9
    assert CreditBalance.objects.get(customer=alice, priority="normal").remaining == 1
