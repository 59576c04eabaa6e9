from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from desk.core.errors import DeskError
from desk.tickets import services
from desk.tickets.attachments import clean_original_name
from desk.tickets.models import Attachment
from desk.tickets.tests.builders import open_request, upload


@pytest.fixture
def small_limits(settings):
    settings.DESK_ATTACHMENTS_PER_MESSAGE = 2
    settings.DESK_ATTACHMENT_MAX_BYTES = 10


def test_attachment_is_stored_under_a_server_generated_name(
    alice, alice_store, alice_subscription, media_root
):
    # given
    original = "../../secret-plan Ünïcode\u202e.png"

    # when
    ticket = open_request(
        alice, alice_store, attachments=[upload(original, b"PNGDATA", "image/png")]
    )

    # then
    attachment = Attachment.objects.get(message__ticket=ticket)
    stored = PurePosixPath(attachment.file.name)
    assert stored.parts[0] == "attachments"
    assert stored.suffix == ".png"
    assert len(stored.stem) == 32
    assert all(c in "0123456789abcdef" for c in stored.stem)
    for fragment in ("secret", "plan", "Ünïcode", "..", " "):
        assert fragment not in attachment.file.name
    assert attachment.original_name == "secret-plan Ünïcode.png"
    assert (attachment.size, attachment.content_type) == (7, "image/png")
    assert (media_root / attachment.file.name).read_bytes() == b"PNGDATA"


@pytest.mark.parametrize(
    ("name", "declared", "suffix", "content_type"),
    [
        ("page.html", "text/html", "", "application/octet-stream"),
        ("logo.svg", "image/svg+xml", "", "application/octet-stream"),
        ("shell.php", "application/x-php", "", "application/octet-stream"),
        ("log.txt", "text/plain; charset=utf-8", ".txt", "text/plain"),
        ("REPORT.PDF", "application/pdf", ".pdf", "application/pdf"),
    ],
)
def test_only_safe_types_and_suffixes_are_kept(
    alice, alice_ticket, name, declared, suffix, content_type
):
    message = services.add_customer_message(
        ticket=alice_ticket,
        author=alice,
        body="See file",
        attachments=[upload(name, b"x", declared)],
    )

    attachment = message.attachments.get()
    assert PurePosixPath(attachment.file.name).suffix == suffix
    assert attachment.content_type == content_type
    assert attachment.original_name == name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("C:\\Users\\alice\\invoice.pdf", "invoice.pdf"),
        ("/etc/passwd", "passwd"),
        ("bad\x00name\x1f.txt", "badname.txt"),
        ("", "attachment"),
        ("..", "attachment"),
        ("a" * 300 + ".txt", "a" * 255),
    ],
)
def test_original_name_is_cleaned(raw, clean):
    assert clean_original_name(raw) == clean


def test_too_many_attachments_are_refused_and_nothing_is_stored(
    alice, alice_store, alice_normal_credit, small_limits, row_counts
):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_store, attachments=[upload(f"{i}.png", b"x") for i in range(3)])

    assert caught.value.code == "too_many_attachments"
    assert caught.value.message == "Attach at most 2 files to one message."
    assert row_counts() == before


def test_attachment_limits_are_inclusive(alice, alice_ticket, small_limits):
    message = services.add_customer_message(
        ticket=alice_ticket,
        author=alice,
        body="Two files",
        attachments=[upload("a.png", b"x" * 10), upload("b.png", b"y")],
    )

    assert sorted(a.size for a in message.attachments.all()) == [1, 10]


def test_a_too_large_attachment_is_refused_and_nothing_is_stored(
    alice, alice_ticket, small_limits, row_counts
):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.add_customer_message(
            ticket=alice_ticket,
            author=alice,
            body="Files",
            attachments=[upload("ok.png", b"x"), upload("big.png", b"x" * 11)],
        )

    assert (caught.value.code, caught.value.status) == ("attachment_too_large", 413)
    assert "big.png" in caught.value.message
    assert row_counts() == before


def test_an_empty_attachment_is_refused(alice, alice_ticket, engineer_en, row_counts):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        services.reply(
            ticket=alice_ticket, engineer=engineer_en, body="Log", attachments=[upload(content=b"")]
        )

    assert caught.value.code == "empty_attachment"
    assert row_counts() == before


def test_files_are_deleted_when_the_action_fails_after_storing_them(
    alice, alice_ticket, engineer_en, row_counts, monkeypatch
):
    # given: the last step of a reply fails after the file was written
    before = row_counts()

    def fail(**kwargs):
        raise RuntimeError("usage store down")

    monkeypatch.setattr("desk.entitlements.services.record_usage", fail)

    # when
    with pytest.raises(RuntimeError):
        services.reply(
            ticket=alice_ticket, engineer=engineer_en, body="Log", attachments=[upload()]
        )

    # then
    assert row_counts() == before


def test_refused_credit_open_with_attachments_stores_nothing(
    alice, alice_store, alice_normal_credit, row_counts
):
    before = row_counts()

    with pytest.raises(DeskError) as caught:
        open_request(alice, alice_store, is_hotrush=True, attachments=[upload()])

    assert caught.value.code == "hotrush_not_allowed"
    assert row_counts() == before
