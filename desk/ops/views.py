"""`/healthz`: 200 when the database answers and a task worker beat recently, else 503.

For load balancers and the compose healthcheck: no session, no CSRF, no redirect to HTTPS
(SECURE_REDIRECT_EXEMPT), and nothing in the answer but states and ages."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from desk.core import clock
from desk.core.models import WorkerHeartbeat


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except DatabaseError:
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    body: dict[str, object] = {"database": "ok" if _database_ok() else "unavailable"}
    worker_ok = False
    if body["database"] == "ok":
        try:
            latest = (
                WorkerHeartbeat.objects.filter(stopped_at__isnull=True)
                .order_by("-beat_at")
                .values_list("beat_at", flat=True)
                .first()
            )
        except DatabaseError:
            latest = None
        age = (clock.now() - latest).total_seconds() if latest else None
        worker_ok = age is not None and age <= settings.DESK_WORKER_STALE_SECONDS
        body["worker"] = "ok" if worker_ok else "stale" if latest else "missing"
        body["worker_beat_age_seconds"] = round(age, 1) if age is not None else None
    healthy = body["database"] == "ok" and worker_ok
    body["status"] = "ok" if healthy else "failing"
    return JsonResponse(body, status=200 if healthy else 503)
