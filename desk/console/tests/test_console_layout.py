"""The console header's links drawn in Python (`{% console_header_links %}`) are the markup the
template drew, byte for byte: for engineers, staff admins and both, on every console page and
off them, in English and Russian."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from desk.accounts.models import Engineer, User

# The template the tag replaces (console/_header_nav.html as it was).
REFERENCE = (Path(__file__).parent / "header_nav_reference.html").read_text()

PAGES = [
    "console:queue",
    "console:ticket",
    "console:kb",
    "console:kb_edit",
    "console:kb_new",
    "console:orders",
    "console:order",
    "console:reports",
    "console:sla_report",
    "console:reply_times",
    "console:backlog",
    "console:fair_use",
    "console:revenue",
    "console:calls_report",
    "console:calls",
    "console:search",
    "console:schedule",
    "mail:staff_held_mails",
    "console:webhooks",
    "console:webhook",
    "console:api_tokens",
    "console:two_factor",
    "console:canned_replies",
    "portal:home",
    "",
]


def _users() -> list[User | AnonymousUser]:
    engineer = User(email="erin@example.com")
    Engineer(user=engineer, is_active=True)
    resting = User(email="rest@example.com")
    Engineer(user=resting, is_active=False)
    staff_engineer = User(email="boss@example.com", is_staff=True)
    Engineer(user=staff_engineer, is_active=True)
    staff = User(email="admin@example.com", is_staff=True, is_superuser=True)
    return [engineer, resting, staff_engineer, staff, User(email="c@example.com"), AnonymousUser()]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_links_are_the_templates(language):
    reference = Template(REFERENCE)
    drawn = Template("{% load console_layout %}{% console_header_links %}")
    checked = 0
    with translation.override(language):
        for user in _users():
            for page in [*PAGES, None]:
                # given a console page (or none: an error page) seen by this user
                request = RequestFactory().get("/console/")
                request.user = user
                match = None if page is None else SimpleNamespace(view_name=page)
                request.resolver_match = match  # type: ignore[assignment]
                context = Context({"request": request})
                # when the tag draws the links, then they are the template's
                assert drawn.render(context) == reference.render(context), (user, page)
                checked += 1
    assert checked == 6 * 26
