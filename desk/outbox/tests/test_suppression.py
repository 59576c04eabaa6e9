"""Suppression at enqueue time: undeliverable addresses and rate caps."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.outbox import services
from desk.outbox.caps import suppression_reason
from desk.outbox.models import MailState, OutboxMail
from desk.outbox.tests.builders import enqueue_reply
from tests.plans import explain


def test_bounced_address_gets_nothing_more(alice, django_capture_on_commit_callbacks):
    # given a pending mail, then a permanent bounce of the address
    pending = enqueue_reply(alice, event_key="e:1")
    services.mark_undeliverable(email="Alice@Example.com", status_code="5.1.1", reason="no user")
    # when another mail is enqueued
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        later = enqueue_reply(alice, event_key="e:2")
    # then both are suppressed and no delivery is scheduled
    pending.refresh_from_db()
    assert (pending.state, pending.state_reason) == (MailState.SUPPRESSED, "undeliverable")
    assert (later.state, later.state_reason) == (MailState.SUPPRESSED, "undeliverable")
    assert callbacks == []
    assert services.is_undeliverable("ALICE@example.com") is True


def test_rate_cap_per_address(alice, settings):
    # given a cap of 3 mails per address per window
    settings.DESK_MAIL_CAP_PER_ADDRESS = 3
    # when 4 mails for different requests go to Alice
    mails = [enqueue_reply(alice, event_key=f"e:{n}", thread_ref=f"req-{n}") for n in range(4)]
    # then the fourth is suppressed
    assert [m.state for m in mails] == [MailState.PENDING] * 3 + [MailState.SUPPRESSED]
    assert mails[3].state_reason == "rate_cap"


def test_rate_cap_per_request(alice, bob, settings):
    # given a cap of 2 mails per request per window
    settings.DESK_MAIL_CAP_PER_REQUEST = 2
    # when 3 mails about request 42 go out
    mails = [
        enqueue_reply(alice, event_key="e:1"),
        enqueue_reply(bob, event_key="e:2"),
        enqueue_reply(alice, event_key="e:3"),
    ]
    # then the third is suppressed, and another request is not affected
    assert [m.state for m in mails] == [MailState.PENDING, MailState.PENDING, MailState.SUPPRESSED]
    other = enqueue_reply(alice, event_key="e:4", thread_ref="req-43")
    assert other.state == MailState.PENDING


def test_cap_window_slides(alice, settings, clock):
    # given a cap of 1 per address, reached
    settings.DESK_MAIL_CAP_PER_ADDRESS = 1
    enqueue_reply(alice, event_key="e:1")
    # when the window has passed
    clock.advance(minutes=61)
    later = enqueue_reply(alice, event_key="e:2")
    # then mail flows again
    assert later.state == MailState.PENDING
    assert OutboxMail.objects.filter(state=MailState.SUPPRESSED).count() == 0


def test_the_caps_count_only_as_far_as_the_cap_over_mail_not_suppressed(alice, settings):
    # given: a cap of 3 per address, reached, and 5 more mails suppressed since
    settings.DESK_MAIL_CAP_PER_ADDRESS = 3
    mails = [enqueue_reply(alice, event_key=f"e:{n}", thread_ref=f"req-{n}") for n in range(8)]
    assert [m.state for m in mails].count(MailState.SUPPRESSED) == 5

    # when: the next mail asks
    with CaptureQueriesContext(connection) as captured:
        reason = suppression_reason(recipient_email=alice.email, thread_ref="req-9")

    # then: it is capped, in one statement that also asks for a bounce, stops at each cap and
    # reads each side through the partial index of mail not suppressed
    assert reason == "rate_cap"
    [sql] = [query["sql"] for query in captured.captured_queries]
    assert sql.count("LIMIT") == 2
    plan = explain(sql)
    assert "outbox_address_idx" in plan, plan
    assert "outbox_thread_idx" in plan, plan
