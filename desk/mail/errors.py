"""Failures of the inbound pipeline that decide where a message ends up."""

from __future__ import annotations


class UnprocessableError(Exception):
    """The message cannot be handled: it goes to the unprocessable spool with `reason`."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class TemporaryFailure(Exception):
    """Nothing was stored and the sender should try again later (mailgate exits 75)."""
