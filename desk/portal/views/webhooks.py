"""Payment provider webhooks. CSRF-exempt (the provider's signature authenticates the call),
this route only. The view verifies and stores; processing happens in a task, so the provider gets
its 2xx fast and retries only what was not stored."""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from desk.core.errors import DeskError
from desk.entitlements.payments import receive_payment_event

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        event = receive_payment_event(
            provider_code="stripe", payload=request.body, headers=request.headers
        )
    except DeskError as error:
        logger.warning("stripe webhook refused: %s", error.code)
        return JsonResponse(error.as_dict(), status=error.status)
    return JsonResponse({"received": event.event_id})
