"""Which issue a bug link names, and where its tracker's public API answers about it. Pure: no
Django, no network.

- GitHub: `https://github.com/<owner>/<repo>/issues/<n>` →
  `<github api>/repos/<owner>/<repo>/issues/<n>`
- GitLab (gitlab.com or self-hosted): `<site>/<group>[/<subgroup>…]/<project>/-/issues/<n>` →
  `<site>/api/v4/projects/<url-encoded path>/issues/<n>`
- Jira: `<site>[/<context>]/browse/<KEY>-<n>` → `<site>[/<context>]/rest/api/2/issue/<KEY>-<n>`
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final
from urllib.parse import quote, urlsplit


class Tracker(StrEnum):
    GITHUB = "github"
    GITLAB = "gitlab"
    JIRA = "jira"


@dataclass(frozen=True, slots=True)
class IssueRef:
    tracker: Tracker
    key: str  # "owner/repo#12", "group/project#12", "ABC-12"
    api_url: str


GITHUB_HOSTS: Final = frozenset({"github.com", "www.github.com"})
_GITHUB_PATH: Final = re.compile(
    r"^/([A-Za-z0-9-]{1,39})/([A-Za-z0-9._-]{1,100})/issues/(\d{1,9})/?$"
)
_GITLAB_PATH: Final = re.compile(r"^((?:/[A-Za-z0-9._-]{1,255}){2,20})/-/issues/(\d{1,9})/?$")
_JIRA_PATH: Final = re.compile(
    r"^((?:/[A-Za-z0-9._-]{1,100}){0,5})/browse/([A-Z][A-Z0-9_]{0,49}-\d{1,9})/?$"
)


def parse_issue_url(url: str, *, github_api: str = "https://api.github.com") -> IssueRef | None:
    """The issue a link names, or None when it is no GitHub, GitLab or Jira issue link."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 — raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host or parts.username or parts.password:
        return None
    site = f"{parts.scheme}://{parts.netloc}"  # no credentials (refused above); port kept
    if host in GITHUB_HOSTS:
        found = _GITHUB_PATH.match(parts.path)
        if found is None:
            return None
        owner, repo, number = found.groups()
        api = f"{github_api.rstrip('/')}/repos/{owner}/{repo}/issues/{number}"
        return IssueRef(Tracker.GITHUB, f"{owner}/{repo}#{number}", api)
    if found := _GITLAB_PATH.match(parts.path):
        project, number = found.groups()
        encoded = quote(project.strip("/"), safe="")
        api = f"{site}/api/v4/projects/{encoded}/issues/{number}"
        return IssueRef(Tracker.GITLAB, f"{project.strip('/')}#{number}", api)
    if found := _JIRA_PATH.match(parts.path):
        context, key = found.groups()
        api = f"{site}{context}/rest/api/2/issue/{key}?fields=status,summary"
        return IssueRef(Tracker.JIRA, key, api)
    return None
