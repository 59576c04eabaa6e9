"""Typed domain errors: a stable machine code plus a translated human message.

Services raise `DeskError`; front doors turn it into a form error, a flash message or an API
response `{"code": ..., "message": ...}`. Clients branch on `code`, never on the message.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class DeskError(Exception):
    """A refused action. `status` is the HTTP status a front door should answer with."""

    def __init__(self, code: str, message: str | Promise, *, status: int = 400, **params: Any):
        self.code = code
        self.params = params
        self._message = message
        self.status = status
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(self._message)
        return text % self.params if self.params else text

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class NotFound(DeskError):
    """The object does not exist *for this viewer* (also used for foreign objects)."""

    def __init__(self, code: str = "not_found", message: str | Promise = "Not found."):
        super().__init__(code, message, status=404)


class PermissionDenied(DeskError):
    def __init__(self, code: str, message: str | Promise):
        super().__init__(code, message, status=403)
