"""The webhook of inbound-mail providers: POST the raw RFC 822 message as the body, with
`X-Supportdesk-Signature: sha256=<hex HMAC-SHA256 of the body keyed by
DESK_MAIL_WEBHOOK_SECRET>` and optionally `X-Supportdesk-Recipient: <envelope recipient>`."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from desk.mail.errors import TemporaryFailure
from desk.mail.services import receive_mail

SIGNATURE_HEADER = "X-Supportdesk-Signature"
RECIPIENT_HEADER = "X-Supportdesk-Recipient"
_CHUNK = 64 * 1024


def signature(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _read_signed(request: HttpRequest) -> bytes | None:
    """The body when its signature is valid, else None. Nothing is read without a secret and a
    signature; the body is read in chunks (BodySizeLimitMiddleware already refused anything over
    DESK_MAIL_INBOUND_MAX_BYTES, and caps the stream) and signed as it streams."""
    secret = settings.DESK_MAIL_WEBHOOK_SECRET
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not secret or not given.startswith("sha256="):
        return None
    mac = hmac.new(secret.encode(), digestmod=hashlib.sha256)
    chunks = []
    while chunk := request.read(_CHUNK):
        mac.update(chunk)
        chunks.append(chunk)
    if not hmac.compare_digest(given, "sha256=" + mac.hexdigest()):
        return None
    return b"".join(chunks)


@csrf_exempt  # a machine-to-machine endpoint: authenticated by the HMAC signature instead
@require_POST
def inbound_mail(request: HttpRequest) -> JsonResponse:
    # Read the stream, not `request.body`: a mail may exceed DATA_UPLOAD_MAX_MEMORY_SIZE.
    body = _read_signed(request)
    if body is None:
        return JsonResponse({"code": "bad_signature"}, status=403)
    try:
        receipt = receive_mail(
            raw=body,
            mailbox="webhook",
            envelope_recipient=request.headers.get(RECIPIENT_HEADER, ""),
        )
    except TemporaryFailure:
        return JsonResponse({"code": "try_again"}, status=503)
    return JsonResponse({"state": receipt.state, "reason": receipt.reason})
