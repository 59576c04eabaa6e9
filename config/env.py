"""Typed access to environment variables; every helper fails loudly on a bad value."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int_map(name: str) -> dict[str, int]:
    """`name=seconds,other=5` as a dict; fails loudly on an item that is not `key=integer`."""
    result: dict[str, int] = {}
    for item in env_list(name, []):
        key, equals, value = item.partition("=")
        try:
            result[key.strip()] = int(value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: {item!r} is not key=integer") from exc
        if not equals or not key.strip():
            raise ImproperlyConfigured(f"{name}: {item!r} is not key=integer")
    return result
