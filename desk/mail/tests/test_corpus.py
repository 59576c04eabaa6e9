"""Real-world malformed messages, and hypothesis mutations of them: every input ends as exactly
one stored message or one spool entry, and the pipeline never raises."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from desk.mail.models import InboundMessage, UnprocessableMail
from desk.mail.services import receive_mail
from desk.mail.tests.corpus import CORPUS

EXPECTED = {
    "missing_boundary": "held",
    "unterminated_multipart": "held",
    "unknown_charset": "held",
    "bad_base64": "held",
    "eight_bit_headers": "held",
    "eight_bit_latin1_headers": "pointed",
    "nested_rfc822": "held",
    "two_from_headers": "quarantined",
    "address_in_comment": "quarantined",
    "quoted_address_spoof": "quarantined",
    "no_from": "quarantined",
    "bare_lf_line_endings": "held",
    "broken_encoded_word": "held",
    "header_without_value_and_long_line": "held",
    "nul_bytes": "held",
    "html_only_with_garbage": "held",
    "empty_body": "held",
    "no_headers_at_all": "spooled",
    "empty": "spooled",
    "dsn_without_status": "automatic",
    "unknown_transfer_encoding": "held",
    "message_id_garbage": "held",
}


def _stored() -> int:
    return InboundMessage.objects.count() + UnprocessableMail.objects.count()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_message_ends_in_exactly_one_place(alice, name):
    # given Alice (known; unauthenticated mail "from" her is held for her to confirm)
    # when a malformed message arrives
    receipt = receive_mail(raw=CORPUS[name], mailbox="corpus")
    # then it ends where expected, stored exactly once
    assert receipt.state == EXPECTED[name]
    assert _stored() == 1


def test_corpus_expectations_cover_the_corpus():
    assert set(EXPECTED) == set(CORPUS)


def test_nested_message_is_an_attachment_not_the_body(alice, settings):
    from desk.mail.parsing import parse_mail

    parsed = parse_mail(CORPUS["nested_rfc822"])
    assert parsed.text == "See below."
    assert [a.content_type for a in parsed.attachments] == ["message/rfc822"]
    assert b"inner text" in parsed.attachments[0].content


_mailboxes = (f"fuzz-{n}" for n in itertools.count())
_SEEDS = sorted(CORPUS.values())


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]))
        at = draw(st.integers(min_value=0, max_value=max(len(raw) - 1, 0)))
        if action == "flip" and raw:
            raw[at] = draw(st.integers(min_value=0, max_value=255))
        elif action == "insert":
            raw[at:at] = draw(
                st.sampled_from(
                    [b"\r\n", b"\n\n", b"--", b"=?", b"<", b"@", b"\x00", b"\xff", b":"]
                )
            )
        elif action == "delete":
            del raw[at : at + draw(st.integers(min_value=1, max_value=20))]
        elif action == "truncate":
            del raw[at:]
        elif action == "duplicate":
            raw[at:at] = raw[at : at + 40]
    return bytes(raw)


@hypothesis_settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=mutated())
def test_mutated_messages_end_in_exactly_one_place(alice, raw):
    # given a fresh mailbox (so earlier examples cannot make this one a duplicate)
    mailbox = next(_mailboxes)
    before = _stored()
    # when a mutated message arrives
    receipt = receive_mail(raw=raw, mailbox=mailbox)
    # then exactly one stored message or one spool entry was added
    assert _stored() == before + 1
    if receipt.state == "spooled":
        assert UnprocessableMail.objects.filter(mailbox=mailbox).count() == 1
    else:
        assert InboundMessage.objects.get(mailbox=mailbox).state == receipt.state
