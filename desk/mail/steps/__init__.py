"""The typed registry of inbound steps, in order. Each entry is a module satisfying
`desk.mail.pipeline.Step`; `test_steps_registry` proves every entry loads."""

from __future__ import annotations

import importlib
from typing import Final, cast

from desk.mail.pipeline import Step

STEPS: Final[tuple[str, ...]] = (
    "desk.mail.steps.size",
    "desk.mail.steps.parse",
    "desk.mail.steps.strip",
    "desk.mail.steps.dedupe",
    "desk.mail.steps.loops",
    "desk.mail.steps.bounces",
    "desk.mail.steps.automatic",
    "desk.mail.steps.identity",
    "desk.mail.steps.authentication",
    "desk.mail.steps.threads",
    "desk.mail.steps.routing",
    "desk.mail.steps.trust",
    "desk.mail.steps.tickets",
)


def load_steps() -> list[Step]:
    steps = []
    for path in STEPS:
        module = importlib.import_module(path)
        if not isinstance(module, Step):
            raise TypeError(f"{path} is not an inbound step (NAME and run(mail) are required)")
        steps.append(cast(Step, module))
    return steps
