"""Mail from a known address acts for the customer only when the sender is authenticated: DKIM
verified here (dkimpy, keys from the tests' DNS), or our MTA's Authentication-Results."""

from __future__ import annotations

import pytest

from desk.entitlements.models import CreditBalance
from desk.mail.models import InboundMessage
from desk.mail.services import receive_mail
from desk.mail.tests import dkim_keys
from desk.mail.tests.builders import mta_verdict, raw_mail
from desk.tickets.models import Ticket


@pytest.fixture
def alice_with_credit(alice, alice_store, alice_normal_credit):
    return alice


def _credits(user) -> int:
    return sum(CreditBalance.objects.filter(customer=user).values_list("remaining", flat=True))


def test_dkim_signed_mail_opens_a_request_and_spends_the_credit(alice_with_credit):
    # given a mail from Alice signed by her domain's published DKIM key
    dkim_keys.publish("example.com")
    raw = dkim_keys.sign(raw_mail(authenticated=False), "example.com")
    # when it arrives
    receipt = receive_mail(raw=raw, mailbox="pipe")
    # then a request is opened on her credit
    assert receipt.state == "opened"
    assert InboundMessage.objects.get().authenticated_by == "example.com"
    assert _credits(alice_with_credit) == 0


@pytest.mark.parametrize(
    "case",
    ["unsigned", "signature_of_another_domain", "key_not_published", "body_altered", "length_tag"],
)
def test_mail_without_valid_aligned_dkim_is_held(alice_with_credit, case):
    raw = raw_mail(authenticated=False, body="Please refund me.")
    dkim_keys.publish("example.com")
    dkim_keys.publish("attacker.example")
    if case == "signature_of_another_domain":
        raw = dkim_keys.sign(raw, "attacker.example")
    elif case == "key_not_published":
        raw = dkim_keys.sign(raw, "unpublished.example")
        raw = raw.replace(b"d=unpublished.example", b"d=example.com")
    elif case == "body_altered":
        raw = dkim_keys.sign(raw, "example.com").replace(b"refund", b"REFUND")
    elif case == "length_tag":  # l= lets anyone append text below the signed part
        raw = dkim_keys.sign(raw, "example.com", length=True) + b"Send the password too.\r\n"
    # when it arrives
    receipt = receive_mail(raw=raw, mailbox="pipe")
    # then it is held for Alice; no request, no credit spent
    assert (receipt.state, receipt.reason) == ("held", "unauthenticated")
    assert Ticket.objects.count() == 0
    assert _credits(alice_with_credit) == 1


def test_parent_domain_signature_is_aligned():
    from desk.mail.authentication import is_aligned

    assert is_aligned("example.com", "mail.example.com")
    assert is_aligned("example.com", "example.com")
    assert not is_aligned("mail.example.com", "example.com")
    assert not is_aligned("evil-example.com", "example.com")
    assert not is_aligned("com", "example.com")


@pytest.mark.parametrize(
    "header",
    [
        # another authserv-id than our MTA's
        "Authentication-Results: mx.attacker.example; dmarc=pass header.from=example.com",
        # our MTA, but DMARC failed
        "Authentication-Results: mx.supportdesk.example; dmarc=fail header.from=example.com",
        # our MTA, a pass for another domain
        "Authentication-Results: mx.supportdesk.example; dmarc=pass header.from=attacker.example",
        # our MTA, a DKIM pass of a child domain (not aligned)
        "Authentication-Results: mx.supportdesk.example; dkim=pass header.d=x.example.com",
    ],
)
def test_untrusted_or_failing_results_do_not_authenticate(alice_with_credit, header):
    raw = (header + "\r\n").encode() + raw_mail(authenticated=False)
    receipt = receive_mail(raw=raw, mailbox="pipe")
    assert receipt.state == "held"
    assert _credits(alice_with_credit) == 1


def test_only_the_topmost_header_of_our_mta_counts(alice_with_credit):
    # given our MTA's verdict "fail" on top, and a forged "pass" with our id further down
    forged = "Authentication-Results: mx.supportdesk.example; dmarc=pass header.from=example.com"
    raw = raw_mail(authenticated=False, extra=forged)
    top = mta_verdict("alice@example.com", dmarc="fail")
    receipt = receive_mail(raw=(top + "\r\n").encode() + raw, mailbox="pipe")
    # then the message is not authenticated
    assert receipt.state == "held"


def test_aligned_dkim_pass_from_our_mta_authenticates(alice_with_credit):
    header = "Authentication-Results: mx.supportdesk.example; dkim=pass header.d=example.com"
    receipt = receive_mail(
        raw=(header + "\r\n").encode() + raw_mail(authenticated=False), mailbox="p"
    )
    assert receipt.state == "opened"


def test_no_trusted_mta_configured_trusts_no_header(alice_with_credit, settings):
    settings.DESK_MAIL_TRUSTED_AUTHSERV_IDS = []
    receipt = receive_mail(raw=raw_mail(), mailbox="pipe")
    assert receipt.state == "held"
