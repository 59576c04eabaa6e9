"""Bodies over an endpoint's limit are refused (413) before anything reads them: from the
Content-Length at once, and while streaming when the length cannot be trusted."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from desk.core.limits import BodySizeLimitMiddleware, CappedStream, body_limit

MULTIPART = "multipart/form-data; boundary=x"


class _Unreadable(io.RawIOBase):
    """A body nobody may read: proves that a refusal came before reading."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")


def _call(environ_overrides: dict[str, str], path: str = "/webhooks/inbound-mail/"):
    reached: list[HttpRequest] = []

    def view(request: HttpRequest) -> HttpResponse:
        reached.append(request)
        return HttpResponse("view")

    middleware = BodySizeLimitMiddleware(view)
    content_type = environ_overrides.get("CONTENT_TYPE", "message/rfc822")
    request = RequestFactory().post(path, data=b"x", content_type=content_type)
    request.META.update(environ_overrides)
    request._stream = _Unreadable()  # type: ignore[assignment]
    return middleware(request), reached


@pytest.mark.parametrize(
    ("path", "content_type", "setting"),
    [
        ("/webhooks/inbound-mail/", "message/rfc822", "DESK_MAIL_INBOUND_MAX_BYTES"),
        ("/webhooks/stripe/", "application/json", "DESK_WEBHOOK_MAX_BYTES"),
        ("/requests/new/", MULTIPART, "DESK_UPLOAD_MAX_BYTES"),
        (
            "/api/tickets/1/messages/upload",
            "multipart/form-data; boundary=x",
            "DESK_UPLOAD_MAX_BYTES",
        ),
        ("/console/requests/1/reply/", "multipart/form-data; boundary=x", "DESK_UPLOAD_MAX_BYTES"),
        ("/login/", "application/x-www-form-urlencoded", None),
    ],
)
def test_declared_length_over_the_limit_is_refused_unread(settings, path, content_type, setting):
    request = RequestFactory().post(path, data=b"x", content_type=content_type)
    limit = getattr(settings, setting) if setting else settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 65536
    assert body_limit(request) == limit
    response, reached = _call(
        {"CONTENT_LENGTH": str(limit + 1), "CONTENT_TYPE": content_type}, path
    )
    assert response.status_code == 413
    assert reached == []
    assert response["Connection"] == "close"


def test_webhook_refusal_is_json_with_a_stable_code(settings):
    response, _ = _call({"CONTENT_LENGTH": str(300 * 1024 * 1024)})
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["code"] == "request_too_large"
    assert body["message"]


@pytest.mark.parametrize("value", ["-1", "abc", "1e9"])
def test_unreadable_content_length_is_refused(value):
    response, reached = _call({"CONTENT_LENGTH": value})
    assert (response.status_code, reached) == (413, [])


def test_stream_is_capped_while_reading():
    stream = CappedStream(io.BytesIO(b"x" * 100), limit=10)
    assert stream.read(4) == b"xxxx"
    with pytest.raises(RequestDataTooBig):
        stream.read()
    assert stream.overflowed
    assert stream.consumed == 11  # never more than one byte past the limit


def test_upload_over_the_limit_is_413_for_the_api(client, alice, settings):
    settings.DESK_UPLOAD_MAX_BYTES = 2000
    client.force_login(alice)
    response = client.post(
        "/api/tickets/1/messages/upload",
        {"body": "x", "files": io.BytesIO(b"y" * 5000)},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
