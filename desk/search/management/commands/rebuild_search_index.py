"""Rebuild the search index from the data: every registered kind, or the ones named."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from desk.search import registry


class Command(BaseCommand):
    help = "Rebuild the full-text search index (all kinds, or those given with --kind)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", action="append", default=[], help="e.g. request")

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = registry.kinds()
        chosen = options["kind"] or sorted(kinds)
        unknown = [kind for kind in chosen if kind not in kinds]
        if unknown:
            raise CommandError(f"unknown kind(s): {', '.join(unknown)}; known: {sorted(kinds)}")
        for kind in chosen:
            written = kinds[kind]()
            self.stdout.write(f"{kind}: {written} documents indexed")
