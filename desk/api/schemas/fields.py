"""Field types shared by the API schemas: inbound text is bounded and NUL-free; times are UTC.

Two kinds of constraint appear in the OpenAPI schema:
- those the schema itself enforces (types, the generous text bounds, no NUL): a breach is 422
  `invalid_input`;
- those a service enforces with its own stable code (`invalid_subject`, `invalid_status` ...):
  a breach is 400 with that code. `Documented` puts them into the schema too, so a client knows
  them in advance; the service stays their one home.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, GetJsonSchemaHandler, StrictInt
from pydantic import StringConstraints as PydanticStringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from desk.billing.providers import REGISTRY
from desk.billing.services import MAX_QUANTITY
from desk.core.formatting import format_moment
from desk.schedules.models import TimeOffKind
from desk.tickets.models import Status
from desk.tickets.scope import Category
from desk.tickets.selectors import QUEUE_VIEWS
from desk.tickets.server_access import Protocol

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL


def _integral(value: object) -> object:
    """JSON Schema's `integer` includes 100.0: an integral float within 64 bits is that integer.
    Everything else keeps the strict rule ("5" is not an id, true is not 1, 1.5 is refused)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


JsonInt = Annotated[StrictInt, BeforeValidator(_integral)]


@dataclass(frozen=True)
class Documented:
    """JSON Schema keywords for a constraint a service enforces (answering 400 with its code)."""

    keywords: dict[str, Any] = field(default_factory=dict)

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema.update(self.keywords)
        return schema

    def __hash__(self) -> int:
        return hash(repr(sorted(self.keywords.items())))


def one_of(values: Iterable[str]) -> Documented:
    return Documented({"enum": list(values)})


def text(max_length: int, *, min_length: int = 0) -> Documented:
    keywords: dict[str, Any] = {"maxLength": max_length}
    if min_length:
        keywords["minLength"] = min_length
    return Documented(keywords)


def StringConstraints(  # noqa: N802 (stands in for pydantic's, which the types below name)
    *, max_length: int, pattern: str = NO_NUL
) -> PydanticStringConstraints:
    """pydantic's StringConstraints, NUL-free unless another pattern is given: every text type
    here also refuses NUL in `_refuse_nul`; the pattern says so in the schema."""
    return PydanticStringConstraints(max_length=max_length, pattern=pattern)


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

# Codes a service checks (400 with its code), documented as enums.
StatusCode = Annotated[Code, one_of(Status.values)]
CategoryCode = Annotated[Code, one_of(Category.values)]
QueueView = Annotated[Code, one_of(QUEUE_VIEWS)]
ProtocolCode = Annotated[Code, one_of(Protocol.values)]
TimeOffKindCode = Annotated[Code, one_of(TimeOffKind.values)]
ProviderCode = Annotated[Code, one_of(REGISTRY)]
Quantity = Annotated[JsonInt, Documented({"minimum": 1, "maximum": MAX_QUANTITY})]


def moment_or_none(value: datetime | None) -> str | None:
    """A `*_display` field's value: the moment through the formatting layer in the caller's
    language and zone (activated per request), or None beside a null raw field."""
    return None if value is None else format_moment(value)
