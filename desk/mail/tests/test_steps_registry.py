"""Every registered step loads and satisfies the Step protocol, in the documented order."""

from __future__ import annotations

from desk.mail.pipeline import Step
from desk.mail.steps import STEPS, load_steps


def test_every_step_loads_in_order():
    steps = load_steps()
    assert [step.NAME for step in steps] == [
        "size",
        "parse",
        "strip",
        "dedupe",
        "loops",
        "bounces",
        "automatic",
        "identity",
        "authentication",
        "threads",
        "routing",
        "trust",
        "tickets",
    ]
    assert len(steps) == len(STEPS)
    assert all(isinstance(step, Step) for step in steps)
