"""Error answers: a stable code to branch on and a message in the request's language."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ErrorOut(Schema):
    code: str = Field(description="Stable machine code; branch on this.")
    message: str = Field(description="Human message in the request's language.")
    field: str | None = Field(
        None, description="The input the error is about, when it is about one (schedules)."
    )


class InvalidInputOut(ErrorOut):
    errors: list[dict[str, Any]]


def error_responses(*statuses: int) -> dict[int, type[Schema]]:
    """Error answers of an endpoint for the schema: 401 and 422 always, plus `statuses`."""
    answers: dict[int, type[Schema]] = {401: ErrorOut, 422: InvalidInputOut}
    answers.update(dict.fromkeys(statuses, ErrorOut))
    return answers
