"""Branded error pages (issue 12): 400/403/404/405/500 in the viewer's language, never Django's
bare English "Not Found" nor a blank "HTTP ERROR 405"."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import permission_denied

from desk.core.outage import server_error

TITLES = {
    404: {"en": "Page not found", "ru": "Страница не найдена"},
    405: {"en": "This address is not a page", "ru": "Этот адрес — не страница"},
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_missing_page_is_branded_in_the_viewers_language(client, db, language):
    # when
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)
    # then
    assert response.status_code == 404
    page = response.content.decode()
    assert f"<h1>{TITLES[404][language]}</h1>" in page
    assert 'data-error-status="404"' in page
    assert f'<html lang="{language}">' in page


@pytest.mark.parametrize(("persona", "language"), [("alice", "en"), ("bob", "ru")])
def test_get_on_a_post_only_address_is_a_page(client, request, persona, language):
    # given a signed-in customer who opens the address of the "add store" form
    client.force_login(request.getfixturevalue(persona))
    # when
    response = client.get("/stores/add/")
    # then the answer stays 405 with its Allow header, and says what happened
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert f"<h1>{TITLES[405][language]}</h1>" in response.content.decode()


def test_api_405_is_left_to_the_api(client, db):
    response = client.get("/api/console/tickets/1/reply")
    assert response.status_code in (401, 405)
    assert b"<h1>" not in response.content


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Access denied"), ("ru", "Доступ запрещён")]
)
def test_forbidden_is_branded(db, language, title):
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    with translation.override(language):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert f"<h1>{title}</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Something went wrong"), ("ru", "Что-то пошло не так")]
)
def test_server_error_is_branded_without_touching_the_database(language, title):
    # given no database access at all (no `db` fixture): the page must not need one
    request = RequestFactory().get("/somewhere/")
    # when
    with translation.override(language):
        response = server_error(request)
    # then
    assert response.status_code == 500
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page
    assert f'<html lang="{language}">' in page
