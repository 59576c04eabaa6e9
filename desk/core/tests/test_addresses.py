"""`page_address` / `{% page_url %}` answer what `reverse` / `{% url %}` do, under another
script prefix too (the prefix is part of what is kept)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from desk.core.addresses import address_pattern, page_address

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


PATTERNS = [
    ("console:ticket", (1,)),
    ("console:ticket", (987654321,)),
    ("portal:attachment", (42,)),
    ("portal:attachment_preview", (7,)),
    ("console:kb_from_message", (3, 99)),
    ("console:kb_from_message", (987654322, 987654321)),
]


@pytest.mark.parametrize(("name", "ids"), PATTERNS)
def test_an_address_pattern_gives_what_reverse_gives(name, ids):
    assert address_pattern(name, len(ids))(*ids) == reverse(name, args=ids)


def test_an_address_pattern_under_another_prefix_is_its_own(under_a_prefix):
    assert address_pattern("console:ticket")(5) == reverse("console:ticket", args=[5])
    assert address_pattern("console:ticket")(5).startswith("/desk/")


def test_an_address_pattern_is_kept_per_prefix():
    plain = address_pattern("console:ticket")
    set_script_prefix("/desk/")
    try:
        prefixed = address_pattern("console:ticket")
    finally:
        set_script_prefix("/")
    assert plain is address_pattern("console:ticket")
    assert prefixed is not plain
    assert prefixed(5) == "/desk" + plain(5)


def test_an_address_pattern_takes_as_many_ids_as_it_was_made_for():
    with pytest.raises(TypeError):
        address_pattern("console:kb_from_message", 2)(3)


def test_an_id_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="invalid literal"):
        address_pattern("console:ticket")("1/../../admin")  # type: ignore[arg-type]


def test_the_id_tag_is_the_url_tags():
    names = [("console:ticket_reply", "7"), ("console:ticket", "123"), ("portal:attachment", "9")]
    names.append(("console:kb_from_message", "3 44"))
    source = " ".join(
        f"{{% url '{name}' {ids} %}}|{{% id_url '{name}' {ids} %}}" for name, ids in names
    )
    drawn = Template("{% load desk_addresses %}" + source).render(Context())
    pairs = [part.split("|") for part in drawn.split(" ")]
    assert all(url == tagged for url, tagged in pairs)
    assert len(pairs) == len(names)
