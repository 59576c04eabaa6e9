"""Console queue: engineers only, Hotrush first, filters, htmx refresh, fixed query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.accounts.models import Department
from desk.billing import services as billing_services
from desk.catalog.models import Plan
from desk.entitlements import services as entitlement_services
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.models import Status
from desk.tickets.scope import Category


def buy(customer, plan_code, store=None):
    plan = Plan.objects.get(code=plan_code)
    order = billing_services.place_order(customer=customer, plan=plan, store=store)
    assert entitlement_services.confirm_payment(order_id=order.pk)


@pytest.fixture
def alice_store(alice):
    store = store_services.add_store(customer=alice, url="alice-shop.example")
    buy(alice, "subscription-1m", store)
    return store


def open_request(customer, store, subject, **extra):
    fields: dict[str, Any] = {
        "body": "Details.",
        "category": Category.TROUBLESHOOTING,
        "language": "en",
    }
    fields.update(extra)
    return services.open_ticket(customer=customer, store=store, subject=subject, **fields)


def refs_in_page(response) -> list[str]:
    return [ticket.reference for ticket in response.context["tickets"]]


def test_queue_sends_a_visitor_to_sign_in(client):
    # when
    response = client.get(reverse("console:queue"))
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:login')}?next={reverse('console:queue')}"


@pytest.mark.parametrize("who", ["customer", "inactive engineer"])
def test_queue_is_404_for_signed_in_non_engineers(client, alice, engineer_ru, who):
    # given
    if who == "customer":
        client.force_login(alice)
    elif who == "inactive engineer":
        engineer_ru.is_active = False
        engineer_ru.save(update_fields=["is_active"])
        client.force_login(engineer_ru.user)
    # when
    response = client.get(reverse("console:queue"))
    # then
    assert response.status_code == 404


def test_hotrush_comes_first_then_oldest(client, alice, alice_store, engineer_en):
    # given
    older = open_request(alice, alice_store, "Older common request")
    newer = open_request(alice, alice_store, "Newer common request")
    hotrush = open_request(alice, alice_store, "Store is down", is_hotrush=True)
    client.force_login(engineer_en.user)
    # when
    response = client.get(reverse("console:queue"))
    # then
    assert response.status_code == 200
    assert refs_in_page(response) == [hotrush.reference, older.reference, newer.reference]
    content = response.content.decode()
    assert content.index("Store is down") < content.index("Older common request")
    assert '<span class="badge hotrush">Hotrush</span>' in content
    assert "alice-shop<wbr>.example" in content  # wraps at its dot only
    assert "Alice Archer" in content


def test_filters_by_language_hotrush_department_and_status(client, alice, alice_store, engineer_en):
    # given
    english = open_request(alice, alice_store, "English request")
    russian = open_request(alice, alice_store, "Русский запрос", language="ru")
    hotrush = open_request(alice, alice_store, "Hotrush request", is_hotrush=True)
    service = services.open_ticket(
        customer=alice,
        store=alice_store,
        subject="Invoice question",
        body="Where is my invoice?",
        category=Category.BILLING,
        language="en",
        department=Department.objects.get(code="customer-service"),
    )
    services.change_status(ticket=english, actor=engineer_en.user, status=Status.WAITING)
    client.force_login(engineer_en.user)
    url = reverse("console:queue")
    # when / then
    assert refs_in_page(client.get(url, {"language": "ru"})) == [russian.reference]
    assert refs_in_page(client.get(url, {"hotrush": "yes"})) == [hotrush.reference]
    assert refs_in_page(client.get(url, {"department": "customer-service"})) == [service.reference]
    assert refs_in_page(client.get(url, {"status": "waiting"})) == [english.reference]
    assert refs_in_page(client.get(url, {"view": "new", "hotrush": "no"})) == [
        russian.reference,
        service.reference,
    ]


def test_mine_shows_requests_assigned_to_me(client, alice, alice_store, engineer_en, engineer_ru):
    # given
    mine = open_request(alice, alice_store, "Mine")
    theirs = open_request(alice, alice_store, "Theirs")
    open_request(alice, alice_store, "Nobody's")
    services.assign(ticket=mine, actor=engineer_en.user, engineer=engineer_en)
    services.assign(ticket=theirs, actor=engineer_en.user, engineer=engineer_ru)
    client.force_login(engineer_en.user)
    # when
    response = client.get(reverse("console:queue"), {"view": "mine"})
    # then
    assert refs_in_page(response) == [mine.reference]
    assert response.context["view"] == "mine"


def test_unknown_filter_values_are_ignored_and_the_others_apply(
    client, alice, alice_store, engineer_en
):
    # given
    open_request(alice, alice_store, "English")
    russian = open_request(alice, alice_store, "Русский", language="ru")
    client.force_login(engineer_en.user)
    # when
    response = client.get(
        reverse("console:queue"), {"view": "bogus", "status": "nope", "language": "ru"}
    )
    # then
    assert response.status_code == 200
    assert response.context["view"] == "all"
    assert refs_in_page(response) == [russian.reference]


def test_htmx_refresh_renders_only_the_table(client, alice, alice_store, engineer_en):
    # given
    open_request(alice, alice_store, "Refreshed")
    client.force_login(engineer_en.user)
    # when
    full = client.get(reverse("console:queue"))
    partial = client.get(reverse("console:queue"), headers={"HX-Request": "true"})
    # then
    assert b'hx-trigger="every 30s"' in full.content
    assert b"<html" in full.content
    assert b"<html" not in partial.content
    assert partial.content.lstrip().startswith(b'<div id="queue-table"')
    assert b"Refreshed" in partial.content
    assert "HX-Request" in partial["Vary"]


@pytest.mark.parametrize("count", [1, 30])
def test_queue_runs_a_fixed_number_of_queries(
    client, alice, alice_store, engineer_en, django_assert_max_num_queries, count
):
    # given: rows of every kind (assigned or not, a store's or a department's, a clock running or
    # paused), so that a row reading a field the queue does not load would add queries
    department = Department.objects.get(code="customer-service")
    for number in range(count):
        ticket = open_request(alice, alice_store, f"Request {number}", is_hotrush=number % 2 == 0)
        if number % 3:
            services.assign(ticket=ticket, actor=engineer_en.user, engineer=engineer_en)
        if number % 4 == 1:
            services.change_status(ticket=ticket, actor=engineer_en.user, status=Status.WAITING)
        if number % 5 == 2:
            services.open_department_request(
                customer=alice,
                department=department,
                subject="Invoice",
                body="Where?",
                language="en",
            )
    client.force_login(engineer_en.user)
    url = reverse("console:queue")
    # when / then: session, user with engineer, departments, bounded count (past one page), rows
    # (in at most two index-ordered parts: requests owing a reply, then the others), SLA policies,
    # departments' reply policies (for department requests), the engineers the action bar offers
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200


def test_queue_pages_continue_through_next_links(client, alice, alice_store, engineer_en, settings):
    # given: five requests, two to a page
    settings.DESK_PAGE_SIZE = 2
    opened = [open_request(alice, alice_store, f"Request {number}") for number in range(5)]
    client.force_login(engineer_en.user)
    url = reverse("console:queue")

    # when: the next links are followed to the end
    seen, response = [], client.get(url)
    while True:
        seen.append(refs_in_page(response))
        assert response.context["count"].label == "5"
        cursor = response.context["next_cursor"]
        if cursor is None:
            break
        assert f"cursor={cursor}" in response.content.decode()
        response = client.get(url, {"view": "all", "cursor": cursor})
        assert 'rel="first"' in response.content.decode()

    # then: every request once, in queue order, two at a time
    assert seen == [
        [opened[0].reference, opened[1].reference],
        [opened[2].reference, opened[3].reference],
        [opened[4].reference],
    ]
    assert "5 requests" in client.get(url).content.decode()


def test_a_mangled_page_link_shows_the_first_page(client, alice, alice_store, engineer_en):
    first = open_request(alice, alice_store, "Only one")
    client.force_login(engineer_en.user)

    response = client.get(reverse("console:queue"), {"cursor": "not-a-cursor"})

    assert response.status_code == 200
    assert refs_in_page(response) == [first.reference]
    assert 'rel="first"' not in response.content.decode()


def test_rows_escape_what_customers_typed_and_name_every_cell(
    client, alice, alice_store, engineer_en
):
    # given: a subject and a name that try to inject markup
    alice.full_name = 'Alice <b onmouseover="x">Archer</b>'
    alice.save(update_fields=["full_name"])
    open_request(alice, alice_store, '<script>alert("queue")</script> & "quotes"')
    client.force_login(engineer_en.user)
    # when
    content = client.get(reverse("console:queue")).content.decode()
    # then: the words arrive as text, never as markup
    assert "<script>alert" not in content
    assert (
        "&lt;script&gt;alert(&quot;queue&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in content
    )
    assert "<b onmouseover" not in content
    assert "Alice &lt;b onmouseover=&quot;x&quot;&gt;Archer&lt;/b&gt;" in content
    # and every cell carries its column's label for the stacked phone layout
    row = content[
        content.index("<tr data-ticket=") : content.index(
            "</tr>", content.index("<tr data-ticket=")
        )
    ]
    for label in (
        "Select",
        "Reply due",
        "Reference",
        "Subject",
        "Customer",
        "Store",
        "Language",
        "Entitlement",
        "Status",
        "Assignee",
        "Age",
    ):
        assert f'data-label="{label}"' in row
    assert 'aria-label="Select REQ-' in row
    assert "Subscription" in row
    assert " ago</time>" in row


def test_rows_in_russian_name_the_department_when_there_is_no_store(client, alice, engineer_en):
    # given: a Customer Service request (no store, no entitlement) seen in Russian
    department = Department.objects.get(code="customer-service")
    services.open_department_request(
        customer=alice, department=department, subject="Счёт", body="Где счёт?", language="ru"
    )
    engineer_en.user.language = "ru"
    engineer_en.user.save(update_fields=["language"])
    client.force_login(engineer_en.user)
    # when
    content = client.get(reverse("console:queue"), {"view": "all"}).content.decode()
    # then
    row = content[content.index("<tr data-ticket=") :]
    assert f'<span class="muted">{department.name_ru}</span>' in row
    assert 'data-label="Тема">Счёт</td>' in row
    assert 'data-label="Основание">Без подписки и кредита (обращение в отдел)</td>' in row


@pytest.mark.parametrize(("total", "page_size"), [(3, 25), (5, 2), (2, 2)])
def test_the_count_is_the_whole_queue_and_a_short_one_costs_no_count_query(
    client, alice, alice_store, engineer_en, settings, total, page_size
):
    # given: `total` open requests, `page_size` to a page
    settings.DESK_PAGE_SIZE = page_size
    for number in range(total):
        open_request(alice, alice_store, f"Request {number}")
    client.force_login(engineer_en.user)
    # when
    with CaptureQueriesContext(connection) as queries:
        content = client.get(reverse("console:queue"), {"view": "all"}).content.decode()
    # then: the whole queue is counted, by a COUNT query only when it runs past the first page
    assert f'data-count="{total}" data-count-exact="yes"' in content
    counted = [q for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counted) == (0 if total <= page_size else 1)
