"""Values read once per HTTP request (issue 11: opening a request read the SLA policies and the
engineers' shift calendars two or three times each).

`RequestCacheMiddleware` opens a scope around each request; inside it `memo(key, compute)`
computes a value once and hands the same value back after. Outside a scope (tasks, commands,
tests that call services directly) `memo` computes every time, exactly as before. The owners of
what is cached forget it when it changes (`forget`): the SLA and schedules apps on any save or
delete of a policy, calendar, holiday, special day, schedule or time off, and on the revision
bumps they make with `update()`. So a request that changes them and reads them again sees the
change.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_scope: ContextVar[dict[Hashable, Any] | None] = ContextVar("desk_request_cache", default=None)


@contextmanager
def scope() -> Iterator[None]:
    """A fresh cache for what runs inside (one HTTP request)."""
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def memo(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per scope for `key`; every time outside a scope."""
    found = _scope.get()
    if found is None:
        return compute()
    if key not in found:
        found[key] = compute()
    value: T = found[key]
    return value


def forget(*namespaces: str) -> None:
    """Drop the values whose key is a tuple starting with one of `namespaces`."""
    found = _scope.get()
    if not found:
        return
    for key in [k for k in found if isinstance(k, tuple) and k and k[0] in namespaces]:
        del found[key]


class RequestCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with scope():
            return self.get_response(request)
