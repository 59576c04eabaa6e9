"""Every answer the API gives in a test must be documented in its OpenAPI schema.

`ApiClient` (conftest) calls `assert_documented` for each response, so every API test doubles as
a check that the status it observed is declared for that operation (the path template and
method), with the error body when it is an error.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from urllib.parse import urlsplit


@cache
def _operations() -> list[tuple[re.Pattern[str], str, dict[str, Any]]]:
    from desk.api.api import api

    schema = api.get_openapi_schema()
    operations = []
    for template, methods in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(template)) + "$")
        for method, operation in methods.items():
            operations.append((pattern, method.upper(), operation))
    return operations


def declared_statuses(method: str, path: str) -> set[int] | None:
    """The statuses documented for the operation `method path`; None when it is no operation
    (an unknown path or method, answered by `desk.api.urls`)."""
    for pattern, operation_method, operation in _operations():
        if operation_method == method.upper() and pattern.match(path):
            return {int(status) for status in operation["responses"]}
    return None


def assert_documented(method: str, path: str, status: int, body: Any = None) -> None:
    declared = declared_statuses(method, path)
    if declared is None:
        return
    assert status in declared, f"{method} {path} answered {status}, documented: {sorted(declared)}"
    if status >= 400 and isinstance(body, dict):
        assert isinstance(body.get("code"), str), body
        assert isinstance(body.get("message"), str), body


def assert_answer_documented(method: str, url: str, response: Any) -> None:
    """`assert_documented` for a Django test client's response to `method url`."""
    path = urlsplit(url).path
    if not path.startswith("/api/"):
        return
    is_json = response.get("Content-Type", "").startswith("application/json")
    body = response.json() if is_json and response.content else None
    assert_documented(method, path, response.status_code, body)
