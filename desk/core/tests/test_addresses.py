"""`page_address` / `{% page_url %}` answer what `reverse` / `{% url %}` do, under another
script prefix too (the prefix is part of what is kept)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from desk.core.addresses import page_address

NAMES = ["portal:home", "portal:pricing", "console:queue", "console:orders", "admin:index"]


@pytest.fixture
def under_a_prefix():
    set_script_prefix("/desk/")
    yield
    set_script_prefix("/")


@pytest.mark.parametrize("name", NAMES)
def test_the_address_is_reverses(name):
    assert page_address(name) == reverse(name)


def test_another_script_prefix_gives_its_own_addresses(under_a_prefix):
    assert page_address("portal:pricing") == reverse("portal:pricing") == "/desk/pricing/"


def test_the_tag_is_the_url_tags():
    names = " ".join(f"{{% url '{name}' %}}|{{% page_url '{name}' %}}" for name in NAMES)
    drawn = Template("{% load desk_addresses %}" + names).render(Context())
    pairs = [part.split("|") for part in drawn.split(" ")]
    assert all(url == page for url, page in pairs)
    assert len(pairs) == len(NAMES)
