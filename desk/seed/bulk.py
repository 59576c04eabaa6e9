"""Rows straight into tables, for the seed loader: COPY on PostgreSQL (psycopg's `cursor.copy`),
`executemany` on SQLite, with ids the loader assigns itself.

The loader owns the database while it runs (a benchmark database, never production): it reads
each table's largest id once, numbers its rows from there, and moves the table's id sequence past
them after every batch (PostgreSQL; SQLite's AUTOINCREMENT follows explicit ids by itself). A
writer that inserted into these tables meanwhile would collide on an id and fail the batch: it
cannot go unnoticed. Nothing is disabled: constraints, foreign keys, triggers and indexes all
check and take every row.

Columns a caller does not give get the model field's default (evaluated once per insert), so a
field added to a model later with a default needs no change here; one without a default fails
loudly.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import Field, JSONField, Model


class Bulk:
    def __init__(self) -> None:
        self.vendor = connection.vendor
        self._next: dict[type[Model], int] = {}
        self._touched: set[type[Model]] = set()
        # the first id written into each table since the last `check_references`
        self._unchecked: dict[type[Model], int] = {}
        # seconds spent inserting into each table (row building included), for the summary
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def ids(self, model: type[Model], count: int) -> int:
        """The first of `count` fresh ids for `model` (numbered after the table's largest)."""
        first = self._next.get(model)
        if first is None:
            table = connection.ops.quote_name(model._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
                first = int(cursor.fetchone()[0]) + 1
        self._next[model] = first + count
        self._touched.add(model)
        return first

    def next_id(self, model: type[Model]) -> int:
        return self.ids(model, 1)

    def insert(
        self, model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """Insert `rows` (values in the order of `columns`, field attnames); returns how many."""
        started = time.monotonic()
        try:
            return self._insert(model, columns, rows)
        finally:
            self.seconds[model._meta.db_table] += time.monotonic() - started

    def _insert(
        self, model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        meta = model._meta
        given = [meta.get_field(name) for name in columns]
        given_names = {field.attname for field in given}  # type: ignore[union-attr]
        extra_fields: list[Field[Any, Any]] = []
        extra_values: list[Any] = []
        for field in meta.concrete_fields:
            if field.attname in given_names or field.generated:
                continue
            blank_text = field.blank and field.empty_strings_allowed
            if not field.has_default() and not field.null and not blank_text:
                raise ValueError(f"{meta.label}.{field.attname} has no default: give it")
            extra_fields.append(field)
            extra_values.append(field.get_default())
        fields: list[Field[Any, Any]] = [*given, *extra_fields]  # type: ignore[list-item]
        names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        table = connection.ops.quote_name(meta.db_table)
        extra = tuple(extra_values)
        count = 0
        if self.vendor == "postgresql":
            if columns[0] != "id":
                raise ValueError("the rows' first column must be their id")
            convert = _converters(fields, _pg_value)
            with connection.cursor() as cursor:
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        if not count:
                            self._unchecked.setdefault(model, row[0])
                        copy.write_row(_apply(convert, (*row, *extra)))
                        count += 1
            return count
        convert = _converters(fields, _sqlite_value)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        batch: list[tuple[Any, ...]] = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(_apply(convert, (*row, *extra)))
                if len(batch) == 5000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    @contextmanager
    def references_checked_per_batch(self) -> Iterator[None]:
        """PostgreSQL: the foreign keys of the rows written inside are checked by one anti-join
        per foreign key (`check_references`, which the caller runs before each commit) instead
        of one trigger call per row and key (`session_replication_role = replica` turns the
        triggers off for this connection only; a superuser's, as the local benchmark server's
        `postgres` is). Elsewhere, and for a role that may not, the triggers stay."""
        if self.vendor != "postgresql" or not _is_superuser():
            yield
            return
        self.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            self.execute("SET session_replication_role = DEFAULT")

    def check_references(self) -> None:
        """Every foreign key of the rows written since the last call points at a row; raises
        (and so rolls back the caller's transaction) on the first that does not."""
        unchecked, self._unchecked = self._unchecked, {}
        if self.vendor != "postgresql":
            return
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            # The tables' statistics lag the load (nothing has analysed the rows just written):
            # left to guess, the planner may scan a whole table per key and batch, which grows
            # with the load. The new rows are a range of the primary key: read them by it.
            cursor.execute("SET LOCAL enable_seqscan = off")
            for model, first in unchecked.items():
                for field in model._meta.concrete_fields:
                    if not field.is_relation or field.related_model is None:
                        continue
                    target = field.target_field  # type: ignore[attr-defined]
                    parent = quote(target.model._meta.db_table)
                    column = quote(field.column)
                    cursor.execute(
                        f"SELECT c.id FROM {quote(model._meta.db_table)} c "  # noqa: S608
                        f"WHERE c.id >= %s AND c.{column} IS NOT NULL AND NOT EXISTS "
                        f"(SELECT 1 FROM {parent} p WHERE p.{quote(target.column)} = c.{column}) "
                        "LIMIT 1",
                        [first],
                    )
                    dangling = cursor.fetchone()
                    if dangling is not None:
                        raise ValueError(
                            f"{model._meta.db_table} {dangling[0]}: {field.column} points nowhere"
                        )

    def sync_sequences(self) -> None:
        """PostgreSQL: move each touched table's id sequence past the ids written."""
        if self.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in self._touched:
                table = model._meta.db_table
                largest = f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}"  # noqa: S608
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(({largest}), 1))",
                    [table],
                )

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


Converter = Callable[[Any], Any] | None


def _converters(
    fields: Sequence[Field[Any, Any]], one: Callable[[Field[Any, Any]], Converter]
) -> list[Converter]:
    return [one(field) for field in fields]


def _apply(converters: list[Converter], row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(
        value if convert is None or value is None else convert(value)
        for convert, value in zip(converters, row, strict=True)
    )


def _pg_value(field: Field[Any, Any]) -> Converter:
    """COPY takes Python values through psycopg's dumpers; JSON goes as its text."""
    if isinstance(field, JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    return None


def _sqlite_value(field: Field[Any, Any]) -> Converter:
    """SQLite stores what Django's field would send (datetimes as UTC text, durations as
    microseconds, JSON as text)."""

    def convert(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    if field.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField", "CharField"):
        return None
    if field.get_internal_type() in ("ForeignKey", "TextField", "BigIntegerField", "SlugField"):
        return None
    return convert


def _is_superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        found = cursor.fetchone()
    return bool(found and found[0])
