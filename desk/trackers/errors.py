"""Why the state of a linked issue could not be read: stable codes and their translated labels
(shown to engineers beside the last known state)."""

from __future__ import annotations

from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: Final[dict[str, Promise]] = {
    "tracker_unsupported": _("Not a GitHub, GitLab or Jira issue link: its state is not followed."),
    "tracker_issue_not_found": _("The tracker says this issue does not exist (or is private)."),
    "tracker_forbidden": _("The tracker refused to show this issue (it may be private)."),
    "tracker_rate_limited": _("The tracker limits how often we may ask; we will ask later."),
    "tracker_unavailable": _("The tracker is unavailable; we will ask again later."),
    "tracker_bad_answer": _("The tracker's answer could not be read."),
}


def label(code: str) -> str:
    """The label of a code; fetch refusals (`fetch_*`) share one."""
    if code in LABELS:
        return str(LABELS[code])
    return str(_("The tracker could not be reached (%(code)s).") % {"code": code})
