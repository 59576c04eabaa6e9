"""Reading a tracker's answer (pure, table-driven)."""

from __future__ import annotations

import json

import pytest

from desk.trackers.answers import IssueState, Unknown, read_answer
from desk.trackers.issue_urls import Tracker

NOW = 1_800_000_000.0


def _json(data) -> bytes:
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("tracker", "body", "expected"),
    [
        (Tracker.GITHUB, {"state": "open", "title": "Crash"}, IssueState(False, "Crash")),
        (Tracker.GITHUB, {"state": "closed", "title": "Crash"}, IssueState(True, "Crash")),
        (Tracker.GITLAB, {"state": "opened", "title": "Bug"}, IssueState(False, "Bug")),
        (Tracker.GITLAB, {"state": "closed", "title": "Bug"}, IssueState(True, "Bug")),
        (Tracker.GITLAB, {"state": "open", "title": "Bug"}, Unknown("tracker_bad_answer")),
        (
            Tracker.JIRA,
            {"fields": {"summary": "Tax", "status": {"statusCategory": {"key": "done"}}}},
            IssueState(True, "Tax"),
        ),
        (
            Tracker.JIRA,
            {"fields": {"summary": "Tax", "status": {"statusCategory": {"key": "indeterminate"}}}},
            IssueState(False, "Tax"),
        ),
        (Tracker.JIRA, {"fields": {"summary": "Tax"}}, Unknown("tracker_bad_answer")),
        (Tracker.GITHUB, ["open"], Unknown("tracker_bad_answer")),
    ],
)
def test_states(tracker, body, expected):
    assert read_answer(tracker, 200, {}, _json(body), now=NOW) == expected


@pytest.mark.parametrize(
    ("status", "headers", "body", "expected"),
    [
        (200, {}, b"{not json", Unknown("tracker_bad_answer")),
        (200, {}, b"\xff\xfe", Unknown("tracker_bad_answer")),
        (404, {}, b"{}", Unknown("tracker_issue_not_found")),
        (410, {}, b"", Unknown("tracker_issue_not_found")),
        (401, {}, b"", Unknown("tracker_forbidden")),
        (403, {}, b"", Unknown("tracker_forbidden")),
        (429, {"retry-after": "120"}, b"", Unknown("tracker_rate_limited", 120)),
        (429, {"retry-after": "soon"}, b"", Unknown("tracker_rate_limited", None)),
        (
            403,
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) + 900)},
            b"",
            Unknown("tracker_rate_limited", 900),
        ),
        (429, {"retry-after": "99999999"}, b"", Unknown("tracker_rate_limited", 86400)),
        (503, {"retry-after": "30"}, b"", Unknown("tracker_unavailable", 30)),
        (302, {}, b"", Unknown("tracker_bad_answer")),
    ],
)
def test_failures(status, headers, body, expected):
    assert read_answer(Tracker.GITHUB, status, headers, body, now=NOW) == expected
