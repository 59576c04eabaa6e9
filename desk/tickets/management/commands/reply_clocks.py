"""Operate the reply clocks: `--recompute` all open due times (after deploying the SLA
configuration, or a bulk calendar import), `--sweep` warnings and breaches whose time has come,
`--route` requests whose assignee went off shift before their reply is due and requests waiting
for a shift (the periodic safety nets beside the scheduled tasks; run them every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from desk.tickets import services
from desk.tickets.clock import alerts, reply_clock


class Command(BaseCommand):
    help = "Recompute open reply due times and/or sweep due warnings and breaches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--recompute", action="store_true")
        parser.add_argument("--sweep", action="store_true")
        parser.add_argument("--route", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["recompute"]:
            moved = reply_clock.sla_configuration_changed()
            self.stdout.write(f"recomputed: {moved} due time(s) moved")
        if options["sweep"]:
            counts = alerts.sweep()
            self.stdout.write(f"swept: {counts['warned']} warned, {counts['breached']} breached")
        if options["route"]:
            routed = services.sweep_routing()
            self.stdout.write(f"routed: {routed['rerouted']} rerouted, {routed['routed']} routed")
