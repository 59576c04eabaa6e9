"""Image attachments get an inline preview (issue 12): raster images proven by their bytes only,
served with a sniffed image type, nosniff, inline, a sandboxing CSP; the download's access
rules; SVG and an HTML file named .png stay downloads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.entitlements.tests.factories import paid_order
from desk.stores import services as store_services
from desk.tickets import services
from desk.tickets.models import Attachment
from desk.tickets.previews import PREVIEW_MAX_BYTES, sniff_image
from desk.tickets.tests.builders import open_request, upload

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def alice_store(alice):
    store = store_services.add_store(customer=alice, url="alice-shop.example")
    paid_order(alice, "subscription-1m", store=store)
    return store


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (PNG, "png"),
        (JPEG, "jpeg"),
        (GIF, "gif"),
        (WEBP, "webp"),
        (SVG, None),
        (HTML, None),
        (b"RIFF\x24\x00\x00\x00WAVE", None),
        (b"", None),
    ],
)
def test_images_are_recognised_by_their_bytes(head, kind):
    assert sniff_image(head[:12]) == kind


def attach(customer, store, *files) -> list[Attachment]:
    ticket = open_request(customer, store, attachments=[upload(*f) for f in files])
    return list(Attachment.objects.filter(message__ticket=ticket).order_by("id"))


def preview_url(attachment) -> str:
    return reverse("portal:attachment_preview", args=[attachment.pk])


@pytest.mark.parametrize(
    ("name", "content", "claimed", "kind"),
    [
        ("shot.png", PNG, "image/png", "png"),
        ("photo.bin", JPEG, "application/octet-stream", "jpeg"),  # the bytes decide
        ("anim.gif", GIF, "image/gif", "gif"),
        ("pic.webp", WEBP, "image/webp", "webp"),
    ],
)
def test_a_raster_image_is_previewed_with_safe_headers(
    client, alice, alice_store, name, content, claimed, kind
):
    # given Alice's request with an image
    (attachment,) = attach(alice, alice_store, (name, content, claimed))
    client.force_login(alice)
    # when the preview is fetched
    response = client.get(preview_url(attachment))
    # then it is the image, typed by its bytes, inline and sandboxed
    assert response.status_code == 200
    assert response.content == content
    assert response["Content-Type"] == f"image/{kind}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    # and the request page shows it as a thumbnail beside the download link
    page = client.get(reverse("portal:ticket", args=[attachment.message.ticket_id]))
    html = page.content.decode()
    assert f'<img src="{preview_url(attachment)}"' in html
    assert f'href="{reverse("portal:attachment", args=[attachment.pk])}" download>' in html


@pytest.mark.parametrize(
    ("name", "content", "claimed"),
    [
        ("logo.svg", SVG, "image/svg+xml"),
        ("innocent.png", HTML, "image/png"),  # HTML with an image's name and type
        ("notes.txt", b"just text", "text/plain"),
    ],
)
def test_anything_else_is_not_previewed(client, alice, alice_store, name, content, claimed):
    (attachment,) = attach(alice, alice_store, (name, content, claimed))
    client.force_login(alice)
    assert client.get(preview_url(attachment)).status_code == 404
    html = client.get(reverse("portal:ticket", args=[attachment.message.ticket_id])).content
    assert preview_url(attachment).encode() not in html
    # the download stays
    download = client.get(reverse("portal:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/octet-stream"


def test_a_large_image_is_not_previewed(client, alice, alice_store, settings):
    settings.DESK_ATTACHMENT_MAX_BYTES = PREVIEW_MAX_BYTES * 2
    big = PNG + b"\x00" * PREVIEW_MAX_BYTES
    (attachment,) = attach(alice, alice_store, ("huge.png", big, "image/png"))
    client.force_login(alice)
    assert client.get(preview_url(attachment)).status_code == 404


def test_another_customer_and_visitors_get_no_preview(client, alice, bob, alice_store):
    (attachment,) = attach(alice, alice_store, ("shot.png", PNG, "image/png"))
    assert client.get(preview_url(attachment)).status_code == 302  # to sign in
    client.force_login(bob)
    assert client.get(preview_url(attachment)).status_code == 404


def test_an_internal_note_image_is_for_engineers_only(client, alice, alice_store, engineer_en):
    ticket = open_request(alice, alice_store)
    services.add_note(
        ticket=ticket, engineer=engineer_en, body="See", attachments=[upload("n.png", PNG)]
    )
    attachment = Attachment.objects.get(message__ticket=ticket)
    client.force_login(alice)
    assert client.get(preview_url(attachment)).status_code == 404
    client.force_login(engineer_en.user)
    assert client.get(preview_url(attachment)).status_code == 200
    console = client.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    assert f'<img src="{preview_url(attachment)}"' in console
