"""Where people are sent: the first page after sign-in, the console's front door, and a `next`
that points at a POST-only action (issue 12)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.portal.navigation import answers_get

LOGIN = reverse("portal:login")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", True),
        ("/pricing/", True),
        ("/login/", True),  # a class view with get()
        ("/logout/", False),  # LogoutView: POST only
        ("/stores/add/", False),  # require_POST
        ("/stores/add/?x=1", False),
        ("/console/", True),
        ("/console/requests/1/", True),
        ("/console/requests/1/reply/", False),  # require_POST under engineer_required
        ("/no/such/page/", True),  # the 404 page answers
    ],
)
def test_answers_get(db, path, expected):
    assert answers_get(path) is expected


def test_sign_in_with_a_post_only_next_lands_on_home(client, alice, password):
    # when a signed-out customer's "add store" form sent them to sign in
    response = client.post(
        f"{LOGIN}?next=/stores/add/",
        {"username": alice.email, "password": password, "next": "/stores/add/"},
    )
    # then they land on a page, not on a 405
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_sign_in_keeps_a_next_that_is_a_page(client, alice, password):
    response = client.post(
        LOGIN, {"username": alice.email, "password": password, "next": "/stores/"}
    )
    assert response["Location"] == "/stores/"


@pytest.mark.parametrize(
    ("who", "landing"),
    [("alice", "portal:home"), ("engineer", "console:queue"), ("admin", "console:orders")],
)
def test_first_page_after_sign_in(client, alice, engineer_en, staff_admin, password, who, landing):
    # given
    email = {"alice": alice, "engineer": engineer_en.user, "admin": staff_admin}[who].email
    # when
    response = client.post(LOGIN, {"username": email, "password": password})
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)


def test_console_front_door_sends_a_visitor_to_sign_in(client):
    response = client.get("/console/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/console/"


def test_console_deeper_pages_stay_hidden_from_a_visitor(client):
    assert client.get(reverse("console:orders")).status_code == 404


def test_console_front_door_is_404_for_a_customer(client, alice):
    client.force_login(alice)
    assert client.get("/console/").status_code == 404


def test_staff_admin_reaches_orders_and_admin_from_every_page(client, staff_admin):
    # given
    client.force_login(staff_admin)
    # when the admin follows the header's "Console"
    queue = client.get("/console/")
    home = client.get("/").content.decode()
    orders = client.get(reverse("console:orders")).content.decode()
    # then the console's part for them opens, and home and console link the admin
    assert queue.status_code == 302
    assert queue["Location"] == reverse("console:orders")
    assert f'href="{reverse("console:queue")}"' in home  # the header's "Console"
    assert f'href="{reverse("console:orders")}"' in home
    assert f'href="{reverse("admin:index")}"' in home
    assert f'href="{reverse("admin:index")}"' in orders
    assert ">Queue<" not in orders  # not an engineer: no queue to show


def test_customer_sees_no_console_or_admin_links(client, alice):
    client.force_login(alice)
    home = client.get("/").content.decode()
    assert "/console/" not in home
    assert reverse("admin:index") not in home
