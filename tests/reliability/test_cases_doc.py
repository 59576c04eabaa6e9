"""CASES.md is the closing note of issue 14: every case it lists must name tests that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "reliability" / "CASES.md"
CASE_ROW = re.compile(r"^\| (\d+) \|")
REFERENCE = re.compile(r"`([\w/.]+\.py)?(?:::(\w+))?[^`]*`")


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def _cited(row: str) -> list[tuple[str, str | None]]:
    """(path, test name or None) for each reference in a row; `::name` continues the last path."""
    cited: list[tuple[str, str | None]] = []
    path = ""
    for match in REFERENCE.finditer(row):
        file, name = match.group(1), match.group(2)
        if file:
            path = file
        if file or (name and path):
            cited.append((path, name))
    return cited


def test_the_46_cases_are_numbered_once_each() -> None:
    numbers = [
        int(m.group(1)) for line in CASES.read_text().splitlines() if (m := CASE_ROW.match(line))
    ]
    assert numbers == list(range(1, 47))


def test_every_cited_test_exists() -> None:
    missing = []
    proved = 0
    for line in CASES.read_text().splitlines():
        if not CASE_ROW.match(line):
            continue
        cited = _cited(line)
        assert cited, f"case without a test: {line[:80]}"
        proved += 1
        for path, name in cited:
            file = ROOT / path
            if not file.exists():
                missing.append(path)
            elif name and name not in _functions(file):
                missing.append(f"{path}::{name}")
    assert proved == 46
    assert missing == []
