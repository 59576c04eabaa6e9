"""Field types shared by the API schemas: inbound text is bounded and NUL-free; times are UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, StringConstraints


def _refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _as_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 has no UTC form
        raise ValueError("time out of range") from None


UtcDateTime = Annotated[datetime, AfterValidator(_as_utc)]
Code = Annotated[str, StringConstraints(max_length=50), AfterValidator(_refuse_nul)]
Url = Annotated[str, StringConstraints(max_length=2_000), AfterValidator(_refuse_nul)]
Subject = Annotated[str, StringConstraints(max_length=1_000), AfterValidator(_refuse_nul)]
Body = Annotated[str, StringConstraints(max_length=100_000), AfterValidator(_refuse_nul)]
Reason = Annotated[str, StringConstraints(max_length=10_000), AfterValidator(_refuse_nul)]
Note = Annotated[str, StringConstraints(max_length=1_000), AfterValidator(_refuse_nul)]
Search = Annotated[str, StringConstraints(max_length=100), AfterValidator(_refuse_nul)]
# Full-text queries: bounded well above the search's own limit (200 characters), so a long query
# gets the search's `search_query_too_long` rather than a validation error.
SearchQuery = Annotated[str, StringConstraints(max_length=10_000), AfterValidator(_refuse_nul)]
DepartmentCode = Annotated[
    str, StringConstraints(max_length=50, pattern=r"^[-a-zA-Z0-9_]+$"), AfterValidator(_refuse_nul)
]
LanguageCode = Literal["en", "ru"]
CreditPriority = Literal["normal", "urgent"]
