"""Run every benchmark: `.venv/bin/python -m bench` (what `make bench` does)."""

from __future__ import annotations

import time

from bench import estimate_shifts, sla

# The slower issue-8 measurements run on their own: bench/README.md.
BENCHES = [sla.run, estimate_shifts.run]


def main() -> None:
    began = time.perf_counter()
    for run in BENCHES:
        run()
    print(f"benchmarks done in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
