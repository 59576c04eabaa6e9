from __future__ import annotations

from django.http import HttpRequest


def viewer(request: HttpRequest) -> dict[str, object]:
    """What the header offers: the console to engineers and staff admins, the admin to staff."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    is_engineer = bool(signed_in and user.is_engineer)  # type: ignore[union-attr]
    is_admin = bool(signed_in and user.is_active and user.is_superuser)  # type: ignore[union-attr]
    return {
        "viewer_is_engineer": is_engineer,
        "viewer_reaches_console": is_engineer or is_admin,
        "viewer_reaches_admin": bool(signed_in and user.is_active and user.is_staff),  # type: ignore[union-attr]
    }
