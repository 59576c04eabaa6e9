"""The canonical form of store URLs: a pure function, tested without the database."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from desk.core.errors import DeskError
from desk.stores.canonical import canonical_store_url

SAME_STORE = [
    # (spelling, canonical form)
    ("example.com", "example.com"),
    ("http://example.com", "example.com"),
    ("https://example.com", "example.com"),
    ("HTTPS://EXAMPLE.COM", "example.com"),
    ("//example.com", "example.com"),
    ("http:/example.com", "example.com"),
    ("https:example.com", "example.com"),
    ("Example.Com", "example.com"),
    ("www.example.com", "example.com"),
    ("WWW.Example.com", "example.com"),
    ("https://www.www.example.com", "example.com"),
    ("example.com:80", "example.com"),
    ("https://example.com:443", "example.com"),
    ("http://example.com:443", "example.com"),
    ("example.com:", "example.com"),
    ("example.com.", "example.com"),
    ("example.com/", "example.com"),
    ("example.com///", "example.com"),
    ("example.com?utm_source=ads", "example.com"),
    ("example.com/#top", "example.com"),
    ("  https://example.com/  ", "example.com"),
    ("\texample.com\n", "example.com"),
]

DISTINCT_FORMS = [
    ("example.com:8080", "example.com:8080"),
    ("https://example.com:8443/shop/", "example.com:8443/shop"),
    ("example.com/shop", "example.com/shop"),
    ("example.com/shop/", "example.com/shop"),
    ("example.com//shop//catalog/", "example.com/shop/catalog"),
    ("example.com/Shop", "example.com/Shop"),  # paths are case-sensitive on most servers
    ("example.com/shop?page=2#reviews", "example.com/shop"),
    ("example.com/a/./b/../c", "example.com/a/c"),
    ("example.com/%7Eanna", "example.com/~anna"),
    ("example.com/магазин", "example.com/%D0%BC%D0%B0%D0%B3%D0%B0%D0%B7%D0%B8%D0%BD"),
    (
        "example.com/%d0%bc%d0%b0%d0%b3%d0%b0%d0%b7%d0%b8%d0%bd/",
        "example.com/%D0%BC%D0%B0%D0%B3%D0%B0%D0%B7%D0%B8%D0%BD",
    ),
    ("https://Магазин.рф/shop/", "xn--80aairftm.xn--p1ai/shop"),
    ("http://www.МАГАЗИН.РФ/shop", "xn--80aairftm.xn--p1ai/shop"),
    ("xn--80aairftm.xn--p1ai/shop", "xn--80aairftm.xn--p1ai/shop"),
    ("shop.example.co.uk", "shop.example.co.uk"),
    ("www.com", "www.com"),
    ("192.0.2.10:80/shop", "192.0.2.10/shop"),
    ("http://[2001:DB8::1]:8080/", "[2001:db8::1]:8080"),
]

INVALID = [
    ("", "Enter the address of your store."),
    ("   ", "Enter the address of your store."),
    ("javascript:alert(1)", "Only web addresses (http or https) can identify a store."),
    (
        "javascript://example.com/%0Aalert(1)",
        "Only web addresses (http or https) can identify a store.",
    ),
    ("ftp://example.com", "Only web addresses (http or https) can identify a store."),
    ("mailto:shop@example.com", "Only web addresses (http or https) can identify a store."),
    ("data:text/html,<script>", "Only web addresses (http or https) can identify a store."),
    ("a" * 5000, "This address is too long."),
    ("example.com/" + "a" * 400, "This address is too long."),
    ("http://user:secret@example.com", "Remove the user name and password from the address."),
    ("example.com:99999", "The port in this address is not valid."),
    ("example.com:0", "The port in this address is not valid."),
    ("http://example.com:http", "The port in this address is not valid."),
    ("localhost", "This does not look like a web address of a store."),
    ("example", "This does not look like a web address of a store."),
    ("my shop.com", "This does not look like a web address of a store."),
    ("exam\x00ple.com", "This does not look like a web address of a store."),
    ("example.com/a%00b", "This does not look like a web address of a store."),
    ("ex_ample.com", "This does not look like a web address of a store."),
    ("-example.com", "This does not look like a web address of a store."),
    ("1.2.3", "This does not look like a web address of a store."),
    ("http://", "This does not look like a web address of a store."),
    ("https:///shop", "This does not look like a web address of a store."),
    ("a" * 64 + ".com", "This does not look like a web address of a store."),
]


@pytest.mark.parametrize(("spelling", "expected"), SAME_STORE + DISTINCT_FORMS)
def test_canonical_form(spelling, expected):
    assert canonical_store_url(spelling) == expected


@pytest.mark.parametrize(("spelling", "message"), INVALID)
def test_invalid_address_is_refused_with_a_reason(spelling, message):
    with pytest.raises(DeskError) as caught:
        canonical_store_url(spelling)
    assert caught.value.code == "invalid_store_url"
    assert caught.value.message == message


@pytest.mark.parametrize(("spelling", "expected"), SAME_STORE + DISTINCT_FORMS)
def test_canonical_form_of_a_canonical_form_is_itself(spelling, expected):
    assert canonical_store_url(expected) == expected


# --- properties ---------------------------------------------------------------------------

_ascii_label = st.from_regex(r"\A[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?\Z")
_cyrillic_label = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщыэюя", min_size=2, max_size=8)
_label = st.one_of(_ascii_label, _cyrillic_label)
_tld = st.sampled_from(["com", "org", "shop", "co.uk", "рф", "de"])
_segment = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), exclude_characters="/?#%"
    ),
    min_size=1,
    max_size=8,
).filter(lambda s: s not in {".", ".."} and not s.isspace())


@st.composite
def stores(draw: st.DrawFn) -> tuple[list[str], int | None, list[str]]:
    labels = draw(st.lists(_label, min_size=1, max_size=3))
    labels = [lb for lb in labels if lb != "www"] or ["shop"]
    port = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=65535)))
    return [*labels, draw(_tld)], port, draw(st.lists(_segment, max_size=3))


@st.composite
def spellings(draw: st.DrawFn, store: tuple[list[str], int | None, list[str]]) -> str:
    labels, port, segments = store
    host = ".".join(labels)
    host = draw(st.sampled_from([host, host.upper(), host.title()]))
    if draw(st.booleans()):
        host = draw(st.sampled_from(["www.", "WWW.", "Www."])) + host
    scheme = draw(st.sampled_from(["", "http://", "https://", "HTTP://", "//"]))
    port_part = draw(st.sampled_from(["", ":80", ":443"])) if port is None else f":{port}"
    path = "".join("/" * draw(st.integers(1, 2)) + seg for seg in segments)
    path += draw(st.sampled_from(["", "/", "//"]))
    tail = draw(st.sampled_from(["", "?a=1", "#frag", "?q=x#y"]))
    space = draw(st.sampled_from(["", " ", "\t"]))
    return f"{space}{scheme}{host}{port_part}{path}{tail}{space}"


@given(st.data(), stores())
def test_spellings_of_one_store_map_to_one_form(data, store):
    first = data.draw(spellings(store))
    second = data.draw(spellings(store))
    try:
        expected = canonical_store_url(first)
    except DeskError:
        assume(False)
    assert canonical_store_url(second) == expected
    assert canonical_store_url(expected) == expected


@given(st.one_of(st.text(max_size=80), st.builds(lambda s: "https://" + s, st.text(max_size=60))))
@example("www.www.example.com")
@example("http://[::1]:8080")
@example("example.com/a%2525b")
@example("example.com/%FF")
def test_canonical_form_is_idempotent(raw):
    refused: str | None
    try:
        once = canonical_store_url(raw)
    except DeskError as error:
        refused = error.code
    else:
        refused = None
        assert canonical_store_url(once) == once
    assert refused in {None, "invalid_store_url"}
