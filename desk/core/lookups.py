"""Lookups the ORM lacks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Lookup
from django.db.models.sql.compiler import SQLCompiler

_PLAIN = re.compile(r"[a-z_]{1,30}")


class InLiteral(Lookup[Any]):
    """`column IN ('a', 'b')` with the values written into the SQL instead of bound as
    parameters. SQLite uses a partial index only when the query's WHERE repeats the index's
    condition with the same literal values (it does not look inside bound parameters), so a
    query meant to use a partial index states its condition this way. Only plain lower-case
    codes are accepted: nothing a user typed can reach the SQL text."""

    lookup_name = "in_literal"
    prepare_rhs = False

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        values = ", ".join(f"'{value}'" for value in self.rhs)
        return f"{lhs} IN ({values})", list(params)


def in_literal(field: str, values: Iterable[str]) -> InLiteral:
    codes = tuple(str(value) for value in values)
    if not codes or not all(_PLAIN.fullmatch(code) for code in codes):
        raise ValueError(codes)
    return InLiteral(F(field), codes)
