"""Which issue a bug link names and where its tracker's API answers (pure, table-driven)."""

from __future__ import annotations

import pytest

from desk.trackers.issue_urls import Tracker, parse_issue_url


@pytest.mark.parametrize(
    ("url", "tracker", "key", "api"),
    [
        (
            "https://github.com/acme/shop/issues/42",
            Tracker.GITHUB,
            "acme/shop#42",
            "https://api.github.com/repos/acme/shop/issues/42",
        ),
        (
            "https://www.github.com/acme/shop.js/issues/7/",
            Tracker.GITHUB,
            "acme/shop.js#7",
            "https://api.github.com/repos/acme/shop.js/issues/7",
        ),
        (
            "https://gitlab.com/acme/shop/-/issues/5",
            Tracker.GITLAB,
            "acme/shop#5",
            "https://gitlab.com/api/v4/projects/acme%2Fshop/issues/5",
        ),
        (
            "https://git.acme.example:8443/team/sub/shop/-/issues/12",
            Tracker.GITLAB,
            "team/sub/shop#12",
            "https://git.acme.example:8443/api/v4/projects/team%2Fsub%2Fshop/issues/12",
        ),
        (
            "https://acme.atlassian.net/browse/SHOP-123",
            Tracker.JIRA,
            "SHOP-123",
            "https://acme.atlassian.net/rest/api/2/issue/SHOP-123?fields=status,summary",
        ),
        (
            "https://jira.acme.example/jira/browse/AB_1-9",
            Tracker.JIRA,
            "AB_1-9",
            "https://jira.acme.example/jira/rest/api/2/issue/AB_1-9?fields=status,summary",
        ),
    ],
)
def test_issue_links_are_understood(url, tracker, key, api):
    ref = parse_issue_url(url)
    assert ref is not None
    assert (ref.tracker, ref.key, ref.api_url) == (tracker, key, api)


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/acme/shop/pull/42",
        "https://github.com/acme/shop/issues/",
        "https://issues.supportdesk.example/42",
        "https://user:pw@gitlab.com/acme/shop/-/issues/5",
        "ftp://gitlab.com/acme/shop/-/issues/5",
        "https://acme.atlassian.net/browse/shop-1",
        "https://gitlab.com/acme/-/issues/5",  # a group alone is no project
        "https://example.com:99999/browse/AB-1",
        "not a url",
    ],
)
def test_other_links_are_not_followed(url):
    assert parse_issue_url(url) is None


def test_query_and_fragment_never_reach_the_api_address():
    ref = parse_issue_url("https://github.com/acme/shop/issues/42?x=1#frag/../../x")
    assert ref is not None
    assert ref.api_url == "https://api.github.com/repos/acme/shop/issues/42"


def test_the_github_api_address_is_configurable():
    ref = parse_issue_url("https://github.com/a/b/issues/1", github_api="http://127.0.0.1:9/")
    assert ref is not None
    assert ref.api_url == "http://127.0.0.1:9/repos/a/b/issues/1"
