"""Console: the assignee reveals an installation request's server access, POST only, uncached,
every reveal logged in the history; everyone else is refused with the reason."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from desk.accounts.models import User
from desk.accounts.tests.second_factor import with_second_factor
from desk.stores import services as store_services
from desk.tickets import server_access, services
from desk.tickets.models import EventKind, ServerAccessView, Status, TicketEvent
from desk.tickets.scope import Category
from desk.tickets.tests.builders import open_request, pay_order

SECRET = "PLAINTEXT-PASSWORD-9d2c"
DETAILS = {"host": "203.0.113.7", "protocol": "sftp", "username": "deploy", "secret": SECRET}


@pytest.fixture
def installation(alice):
    """Alice's installation request on her subscription, with server access details."""
    store = store_services.add_store(customer=alice, url="alice-shop.example")
    pay_order(alice, "subscription-1m", store=store)
    ticket = open_request(alice, store, category=Category.INSTALLATION)
    server_access.attach_server_access(ticket=ticket, customer=alice, details=DETAILS)
    return ticket


@pytest.fixture
def as_erin(client, engineer_en):
    """Erin, signed in with her second factor (viewing server access needs it)."""
    client.force_login(engineer_en.user)
    return with_second_factor(client, engineer_en.user)


def reveal_url(ticket) -> str:
    return reverse("console:ticket_server_access", kwargs={"ticket_id": ticket.pk})


def assign(ticket, engineer):
    """Assigned by a dispatcher: a reveal right after needs no reason (see the last tests)."""
    dispatcher = User.objects.create_superuser(email="dispatch@supportdesk.example")
    services.assign(ticket=ticket, actor=dispatcher, engineer=engineer)


def test_assignee_sees_the_button_and_the_details_uncached(as_erin, installation, engineer_en):
    # given Erin assigned to the installation request
    assign(installation, engineer_en)
    page = as_erin.get(reverse("console:ticket", kwargs={"ticket_id": installation.pk}))
    # when she presses "Show server access"
    response = as_erin.post(reveal_url(installation))
    # then the request page offered the button, without the secret, and the reveal page holds
    # the details, is never cached, and the view is in the history
    assert b"Show server access" in page.content
    assert SECRET.encode() not in page.content
    assert response.status_code == 200
    assert SECRET.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert ServerAccessView.objects.filter(ticket=installation).count() == 1
    history = as_erin.get(reverse("console:ticket", kwargs={"ticket_id": installation.pk}))
    assert b"Server access details viewed" in history.content
    assert SECRET.encode() not in history.content


def test_reveal_is_post_only(as_erin, installation, engineer_en):
    # given Erin assigned
    assign(installation, engineer_en)
    # when she opens the reveal URL with GET / then refused, nothing logged
    assert as_erin.get(reveal_url(installation)).status_code == 405
    assert ServerAccessView.objects.count() == 0


def test_reveal_needs_the_csrf_token(installation, engineer_en):
    # given Erin assigned, and a browser that enforces CSRF
    assign(installation, engineer_en)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(engineer_en.user)
    # when she posts without the token / then refused, nothing logged
    assert browser.post(reveal_url(installation)).status_code == 403
    assert ServerAccessView.objects.count() == 0


def test_unassigned_request_asks_to_assign_first(as_erin, installation):
    # given the request unassigned
    page = as_erin.get(reverse("console:ticket", kwargs={"ticket_id": installation.pk}))
    # when Erin posts the reveal
    response = as_erin.post(reveal_url(installation))
    # then the page says to assign first (403), no button was offered, nothing logged
    assert b"Assign the request to yourself to see them." in page.content
    assert response.status_code == 403
    assert b'data-error-code="server_access_assign_first"' in response.content
    assert SECRET.encode() not in response.content
    assert ServerAccessView.objects.count() == 0


def test_other_engineer_is_refused(client, installation, engineer_en, engineer_ru):
    # given the request assigned to Erin, and Roman signed in
    assign(installation, engineer_en)
    client.force_login(engineer_ru.user)
    with_second_factor(client, engineer_ru.user)
    # when Roman posts the reveal / then 403 with the reason, nothing logged
    response = client.post(reveal_url(installation))
    assert response.status_code == 403
    assert b'data-error-code="server_access_not_assignee"' in response.content
    assert SECRET.encode() not in response.content
    assert ServerAccessView.objects.count() == 0


@pytest.mark.parametrize("who", ["anonymous", "alice", "bob"])
def test_non_engineers_get_404(who, client, installation, engineer_en, request):
    # given the request assigned to Erin
    assign(installation, engineer_en)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    # when they post the reveal / then 404, nothing logged
    assert client.post(reveal_url(installation)).status_code == 404
    assert ServerAccessView.objects.count() == 0


def test_after_closing_the_details_are_wiped(as_erin, installation, engineer_en):
    # given Erin assigned, and the request closed
    assign(installation, engineer_en)
    services.change_status(ticket=installation, actor=engineer_en.user, status=Status.CLOSED)
    # when she posts the reveal
    response = as_erin.post(reveal_url(installation))
    # then 410 "wiped", and the history shows the wipe
    assert response.status_code == 410
    assert b'data-error-code="server_access_wiped"' in response.content
    kinds = TicketEvent.objects.filter(ticket=installation).values_list("kind", flat=True)
    assert EventKind.SECRET_WIPED in kinds


def test_without_a_second_factor_the_reveal_is_refused(client, installation, engineer_en):
    # given Erin assigned, signed in without a code
    assign(installation, engineer_en)
    client.force_login(engineer_en.user)
    # when she asks / then 403 with the reason, nothing logged
    response = client.post(reveal_url(installation))
    assert response.status_code == 403
    assert "two-factor" in response.content.decode()
    assert ServerAccessView.objects.count() == 0


def test_self_assigned_reveal_needs_the_reason_the_customer_sees(
    as_erin, installation, engineer_en
):
    services.assign(ticket=installation, actor=engineer_en.user, engineer=engineer_en)
    refused = as_erin.post(reveal_url(installation))
    shown = as_erin.post(reveal_url(installation), {"reason": "Installing the theme"})
    assert (refused.status_code, shown.status_code) == (403, 200)
    assert ServerAccessView.objects.get().reason == "Installing the theme"
