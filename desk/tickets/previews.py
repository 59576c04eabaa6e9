"""Which attachments may be shown as images: raster formats recognised by their magic bytes,
never by the name or the type the sender claimed. SVG (a document that can carry script) and
everything else stay downloads. Files above `PREVIEW_MAX_BYTES` are not previewed."""

from __future__ import annotations

from desk.tickets.models import Attachment

PREVIEW_MAX_BYTES = 5 * 1024 * 1024
HEAD_BYTES = 12


def sniff_image(head: bytes) -> str | None:
    """The image subtype (`png`, `jpeg`, `gif`, `webp`) that the first bytes prove, else None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(head) >= HEAD_BYTES and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def preview_kind(attachment: Attachment) -> str | None:
    """The attachment's image subtype if it may be previewed (small enough, a raster image by
    its bytes); None for anything else, a missing file included."""
    if not 0 < attachment.size <= PREVIEW_MAX_BYTES:
        return None
    try:
        with attachment.file.open("rb") as handle:
            return sniff_image(handle.read(HEAD_BYTES))
    except (FileNotFoundError, OSError, ValueError):
        return None


def preview_bytes(attachment: Attachment) -> tuple[bytes, str] | None:
    """The whole image and its subtype, read with a bound; None if it may not be previewed."""
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read(PREVIEW_MAX_BYTES + 1)
    except (FileNotFoundError, OSError, ValueError):
        return None
    kind = sniff_image(data[:HEAD_BYTES])
    if kind is None or len(data) > PREVIEW_MAX_BYTES:
        return None
    return data, kind
