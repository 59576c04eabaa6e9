"""What a tracker's answer says about an issue: open or closed and its title, or why we could not
tell (a stable code) and when to ask again. Pure: takes the status, headers and body.

GitHub: `state` "open"/"closed", `title`. GitLab: `state` "opened"/"closed", `title`. Jira:
`fields.status.statusCategory.key` "done" is closed (any other is open), `fields.summary`.
Rate limits: 429, or 403 with `x-ratelimit-remaining: 0` (GitHub) — wait `Retry-After` seconds,
else until `x-ratelimit-reset` (epoch seconds), else the default.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from desk.trackers.issue_urls import Tracker

TITLE_MAX: Final = 300
MAX_WAIT_SECONDS: Final = 24 * 3600


@dataclass(frozen=True, slots=True)
class IssueState:
    is_closed: bool
    title: str


@dataclass(frozen=True, slots=True)
class Unknown:
    code: str  # tracker_issue_not_found, tracker_rate_limited, tracker_unavailable, …
    retry_after: int | None = None  # seconds, when the tracker said


def read_answer(
    tracker: Tracker, status: int, headers: Mapping[str, str], body: bytes, *, now: float
) -> IssueState | Unknown:
    if status == 429 or (status == 403 and headers.get("x-ratelimit-remaining") == "0"):
        return Unknown("tracker_rate_limited", _wait(headers, now))
    if status in (401, 403):
        return Unknown("tracker_forbidden")
    if status in (404, 410):
        return Unknown("tracker_issue_not_found")
    if status >= 500:
        return Unknown("tracker_unavailable", _wait(headers, now))
    if status != 200:
        return Unknown("tracker_bad_answer")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return Unknown("tracker_bad_answer")
    state = _state(tracker, data)
    return state if state is not None else Unknown("tracker_bad_answer")


def _state(tracker: Tracker, data: Any) -> IssueState | None:
    if not isinstance(data, dict):
        return None
    if tracker == Tracker.JIRA:
        fields = data.get("fields")
        if not isinstance(fields, dict):
            return None
        status = fields.get("status")
        category = status.get("statusCategory") if isinstance(status, dict) else None
        key = category.get("key") if isinstance(category, dict) else None
        title = fields.get("summary")
        if not isinstance(key, str) or not isinstance(title, str):
            return None
        return IssueState(key == "done", title[:TITLE_MAX])
    state, title = data.get("state"), data.get("title")
    open_word = "open" if tracker == Tracker.GITHUB else "opened"
    if state not in (open_word, "closed") or not isinstance(title, str):
        return None
    return IssueState(state == "closed", title[:TITLE_MAX])


def _wait(headers: Mapping[str, str], now: float) -> int | None:
    retry = headers.get("retry-after", "").strip()
    if retry.isascii() and retry.isdigit():
        return min(int(retry), MAX_WAIT_SECONDS)
    reset = headers.get("x-ratelimit-reset", "").strip()
    if reset.isascii() and reset.isdigit():
        return max(0, min(int(reset) - int(now), MAX_WAIT_SECONDS))
    return None
