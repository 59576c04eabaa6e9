"""`manage.py seed_load --requests N`: a realistic data set of N requests for measuring.

For a database of its own (benchmarks), never production: it adds customers, purchases and
requests to whatever is there. See `desk.seed.loader`.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from desk.seed import loader


class Command(BaseCommand):
    help = "Build a data set of N requests (customers, purchases, history) through bulk paths."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, required=True, help="How many requests.")
        parser.add_argument("--seed", type=int, default=11, help="Random seed (default 11).")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        plan = loader.SeedPlan.for_requests(options["requests"], seed=options["seed"])
        counts = loader.load(plan, progress=self.stdout.write)
        took = time.monotonic() - started
        summary = ", ".join(f"{name} {value}" for name, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded in {took:.0f} s: {summary}"))
        self.stdout.write(
            f"Logins (password {loader.PASSWORD}): engineers as in load_demo; customers "
            f"{loader.customer_email(0)} … {loader.customer_email(plan.customers - 1)}"
        )
