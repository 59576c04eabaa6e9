"""The pause property test (issue 8 point 1) at a larger example count than `make test` runs.

    DESK_PROPERTY_EXAMPLES=500 .venv/bin/python -m bench.pause_property

Runs desk/tickets/clock/tests/test_pause_property.py on its own SQLite file and prints the line
the test reports: examples run and actions taken through the real services. The invariant it
checks after every action: no action other than a customer message moves a running due time
later; a pause keeps exactly the working time left; a resume gives back exactly that; and the
system agrees with the reference model (due time, paused or not, time left, every outcome).
"""

from __future__ import annotations

import os
import subprocess
import sys


def run() -> int:
    env = {
        "DESK_PROPERTY_EXAMPLES": "500",
        "DESK_TEST_DB": "/tmp/bench-pause-property.sqlite3",  # noqa: S108
        **os.environ,
    }
    test = "desk/tickets/clock/tests/test_pause_property.py"
    command = [sys.executable, "-m", "pytest", test, "-q", "-s", "-p", "no:randomly"]
    found = subprocess.run(  # noqa: S603
        [*command, "--create-db"], env=env, capture_output=True, text=True, check=False
    )
    for line in found.stdout.splitlines():
        if line.startswith("property:") or " passed" in line or " failed" in line:
            print(line)
    return found.returncode


if __name__ == "__main__":
    sys.exit(run())
