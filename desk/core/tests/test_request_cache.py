"""`desk.core.request_cache`: once per scope inside, every time outside."""

from __future__ import annotations

from django.http import HttpResponse

from desk.core import request_cache


def test_outside_a_scope_every_call_computes():
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert request_cache.memo(("x", 1), compute) == 1
    assert request_cache.memo(("x", 1), compute) == 2


def test_inside_a_scope_once_until_forgotten():
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    with request_cache.scope():
        assert request_cache.memo(("x", 1), compute) == 1
        assert request_cache.memo(("x", 1), compute) == 1
        assert request_cache.memo(("y", 1), compute) == 2
        request_cache.forget("x")
        assert request_cache.memo(("x", 1), compute) == 3
        assert request_cache.memo(("y", 1), compute) == 2
        with request_cache.scope():  # a nested scope starts empty and ends with its values
            assert request_cache.memo(("y", 1), compute) == 4
        assert request_cache.memo(("y", 1), compute) == 2
    assert request_cache.memo(("y", 1), compute) == 5


def test_the_middleware_opens_a_scope_per_request(rf):
    seen = []

    def view(request):
        seen.append(request_cache.memo(("v",), object))
        seen.append(request_cache.memo(("v",), object))
        return HttpResponse()

    middleware = request_cache.RequestCacheMiddleware(view)
    middleware(rf.get("/"))
    middleware(rf.get("/"))
    assert seen[0] is seen[1]
    assert seen[2] is seen[3]
    assert seen[0] is not seen[2]
