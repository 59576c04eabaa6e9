"""What both engines share: who may see which documents, as SQL over `search_document d`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desk.search.models import Visibility


@dataclass(frozen=True, slots=True)
class Scope:
    kind: str
    owner_id: int | None
    include_internal: bool
    within: tuple[str, tuple[Any, ...]] | None  # SQL selecting the allowed object ids

    def where(self) -> tuple[str, list[Any]]:
        """Conditions on `d` (kind, visibility, owner, allowed objects) and their parameters."""
        sql = ["d.kind = %s"]
        params: list[Any] = [self.kind]
        if self.owner_id is not None:
            sql.append("(d.visibility IN (%s, %s) OR (d.visibility = %s AND d.owner_id = %s))")
            params += [Visibility.PUBLIC, Visibility.CUSTOMERS, Visibility.CUSTOMER, self.owner_id]
        elif not self.include_internal:
            sql.append("d.visibility = %s")
            params.append(Visibility.PUBLIC)
        if self.within is not None:
            sql.append(f"d.object_id IN ({self.within[0]})")
            params += self.within[1]
        return " AND ".join(sql), params
