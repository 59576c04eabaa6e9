"""Every console page wears the console header: Calls and Search among its links, the current
page marked with aria-current, and no second, in-page copy of the console links."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse


def header_links(content: str) -> dict[str, bool]:
    """The console header's links: {href: is current}."""
    header = content.split("<main", 1)[0]
    return {
        href: "aria-current" in attrs
        for href, attrs in re.findall(r'<a href="(/console/[^"]*)"([^>]*)>', header)
    }


@pytest.mark.parametrize(
    ("name", "current"),
    [
        ("console:calls", "console:calls"),
        ("console:search", "console:search"),
        ("console:calls_report", "console:reports"),
        ("console:queue", "console:queue"),
    ],
)
def test_console_pages_share_the_header_and_mark_the_current_one(
    client, engineer_en, name, current
):
    # given an engineer
    client.force_login(engineer_en.user)
    # when they open a console page
    response = client.get(reverse(name))
    # then it extends the console base with Calls and Search in its header
    assert response.status_code == 200
    assert "console/base.html" in [t.name for t in response.templates]
    assert "console/_nav.html" not in [t.name for t in response.templates]
    content = response.content.decode()
    links = header_links(content)
    assert reverse("console:calls") in links
    assert reverse("console:search") in links
    # and exactly the current section is marked
    assert [href for href, is_current in links.items() if is_current] == [reverse(current)]
    assert 'class="console-nav"' not in content
