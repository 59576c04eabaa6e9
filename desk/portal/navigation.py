"""Where a person is sent: the first page after sign-in, and whether a `next` address can be
opened by a browser at all (a POST-only action answers a GET with 405)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.urls import Resolver404, resolve, reverse

from desk.accounts.models import User

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def landing_url(user: AbstractBaseUser | AnonymousUser) -> str:
    """Engineers start at the queue, a staff admin (not an engineer) at the console's orders,
    customers at home."""
    if isinstance(user, User) and user.is_active:
        if user.is_engineer:
            return reverse("console:queue")
        if user.is_superuser:
            return reverse("console:orders")
    return reverse("portal:home")


def answers_get(path: str) -> bool:
    """False when `path` resolves to a view that refuses GET (a `require_POST` action or a class
    view without `get`); True otherwise, unknown paths included (they get the 404 page)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return True
    view_class = getattr(match.func, "view_class", None)
    if view_class is not None:
        return "get" in view_class.http_method_names and hasattr(view_class, "get")
    methods = _allowed_methods(match.func)
    return methods is None or "GET" in methods


def _allowed_methods(view: Callable[..., Any] | None) -> frozenset[str] | None:
    """The method list a `require_http_methods` decorator closed over, found by walking the
    `functools.wraps` chain of the view's decorators; None when no decorator restricts it."""
    seen = 0
    while view is not None and seen < 10:
        for cell in getattr(view, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(item, str) and item in HTTP_METHODS for item in value)
            ):
                return frozenset(value)
        view, seen = getattr(view, "__wrapped__", None), seen + 1
    return None
