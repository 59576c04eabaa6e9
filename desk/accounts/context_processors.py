from __future__ import annotations

from django.http import HttpRequest


def viewer(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    is_engineer = bool(user is not None and user.is_authenticated and user.is_engineer)
    return {"viewer_is_engineer": is_engineer}
