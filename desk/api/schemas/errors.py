"""Error answers: a stable code to branch on and a message in the request's language.

Every operation documents every status it can answer. Some come from the transport, whatever
the endpoint does, and are added here to each operation's map:

- 400 `malformed_request` / `bad_request`: a body or query Django cannot read;
- 401 `not_authenticated`: no session or token (all but the public endpoints); `token_invalid`,
  `token_expired`, `token_revoked`: a Bearer token that is refused;
- 403 `csrf_failed`: an unsafe method without the `X-CSRFToken` header. Declared on every
  signed-in operation, reads too: one map for all, so no write can leave it out; also
  `token_read_only`: a read token on a write;
- 413 `request_too_large`: a body over the limit (`desk.core.limits`), refused before it is read;
- 429 `token_rate_limited`: too many requests with one token in the window, with Retry-After;
- 422 `invalid_input`: parameters or a body that do not match the schema below;
- 503 `service_unavailable`: the database is unreachable (`desk.core.outage`), with Retry-After.
"""

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


def error_responses(*statuses: int, public: bool = False) -> dict[int, type[Schema]]:
    """Error answers of an operation for the schema: 400, 401, 403 and 429 (unless `public`: no
    session, no token, no CSRF), 413, 422 and 503, plus the endpoint's own `statuses`."""
    answers: dict[int, type[Schema]] = dict.fromkeys((400, 413, 503), ErrorOut)
    if not public:
        answers[401] = answers[403] = answers[429] = ErrorOut
    answers.update(dict.fromkeys(statuses, ErrorOut))
    answers[422] = InvalidInputOut
    return dict(sorted(answers.items()))


def write_responses(*statuses: int) -> dict[int, type[Schema]]:
    """Error answers of a write: those of `error_responses` (the name says what it is)."""
    return error_responses(*statuses)
