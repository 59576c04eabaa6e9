"""Contact handles of a call: a Skype ID, a video-call link (https) or an E.164 phone number.

`clean_handle` returns the stored form or raises the `invalid_call_handle*` error of its kind.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from desk.calls import errors
from desk.calls.models import HandleKind

# Skype names: a letter, then 5–31 letters, digits or . , - _ ; newer accounts are "live:<id>".
_SKYPE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9.,\-_]{5,31}|live:[A-Za-z0-9.\-_]{1,64})$")
# E.164: + then at most 15 digits, the first (country code) not 0; 8 digits at least in practice.
_E164 = re.compile(r"^\+[1-9][0-9]{7,14}$")
# Spacing people type inside phone numbers: dropped before the check.
_PHONE_SPACING = re.compile(r"[\s\-().]")
_HTTPS = URLValidator(schemes=["https"])
MAX_LINK = 500


def clean_handle(kind: str, value: str) -> str:
    value = (value or "").strip()
    if kind == HandleKind.SKYPE:
        if not _SKYPE.match(value):
            raise errors.invalid_skype_id()
        return value
    if kind == HandleKind.VIDEO:
        if len(value) > MAX_LINK:
            raise errors.invalid_video_link()
        try:
            _HTTPS(value)
        except ValidationError:
            raise errors.invalid_video_link() from None
        return value
    if kind == HandleKind.PHONE:
        phone = _PHONE_SPACING.sub("", value)
        if not _E164.match(phone):
            raise errors.invalid_phone()
        return phone
    raise errors.invalid_handle_kind()
