"""Server access details of installation requests (PRODUCT.md §6): encrypted at rest, shown only
to the engineer working the request, every view logged, wiped when the request closes."""

from __future__ import annotations

import base64
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.views.debug import ExceptionReporter

from desk.core.errors import DeskError
from desk.tickets import server_access, services
from desk.tickets.models import (
    EventKind,
    ServerAccess,
    ServerAccessView,
    Status,
    Ticket,
    TicketEvent,
)
from desk.tickets.scope import Category
from desk.tickets.tests.builders import open_request

HOST = "203.0.113.7:2222"
USERNAME = "deploy-7f3a"
SECRET = "PLAINTEXT-PASSWORD-9d2c"
NOTES = "sudo works without a password"
DETAILS = {"host": HOST, "protocol": "ssh", "username": USERNAME, "secret": SECRET, "notes": NOTES}
KEY_OLD = base64.urlsafe_b64encode(b"o" * 32).decode()
KEY_NEW = base64.urlsafe_b64encode(b"n" * 32).decode()


@pytest.fixture
def installation(alice, alice_store, alice_subscription) -> Ticket:
    """Alice's new installation request on her subscription."""
    return open_request(alice, alice_store, category=Category.INSTALLATION)


@pytest.fixture
def given_access(installation, alice) -> ServerAccess:
    return server_access.attach_server_access(ticket=installation, customer=alice, details=DETAILS)


@pytest.fixture
def dispatcher(staff_admin):
    """Whoever assigns requests to engineers (not the engineer who then reveals)."""
    return staff_admin


@pytest.fixture
def assigned(installation: Ticket, engineer_en, dispatcher) -> Ticket:
    """The installation request, assigned to Erin."""
    services.assign(ticket=installation, actor=dispatcher, engineer=engineer_en)
    return installation


def raw_ciphertext(ticket: Ticket) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ciphertext FROM tickets_serveraccess WHERE ticket_id = %s", [ticket.pk]
        )
        (value,) = cursor.fetchone()
    return bytes(value)


def events_of(ticket: Ticket, kind: EventKind) -> list[TicketEvent]:
    return list(TicketEvent.objects.filter(ticket=ticket, kind=kind).order_by("id"))


def refused(call) -> str:
    with pytest.raises(DeskError) as caught:
        call()
    return caught.value.code


# --- encryption at rest ----------------------------------------------------------------------


def test_stored_bytes_do_not_contain_the_plaintext(given_access, installation):
    # given details given by Alice
    # when the raw column is read, bypassing the model
    stored = raw_ciphertext(installation)
    # then none of the values is in it, in UTF-8 or UTF-16, and it is not empty
    assert len(stored) > len(SECRET)
    for value in (HOST, USERNAME, SECRET, NOTES):
        assert value.encode() not in stored
        assert value.encode("utf-16-le") not in stored
    assert given_access.key_id == server_access._keyring()[0].id


def test_every_column_of_the_table_is_free_of_the_plaintext(given_access, installation):
    # given details given by Alice
    # when every column of the row is read raw
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM tickets_serveraccess WHERE ticket_id = %s", [installation.pk])
        row = cursor.fetchone()
    text = b"".join(bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in row)
    # then no value appears anywhere: there is no plaintext column
    assert [v for v in (HOST, USERNAME, SECRET, NOTES) if v.encode() in text] == []


def test_ciphertext_copied_to_another_request_does_not_decrypt(
    given_access, installation, alice, alice_store, engineer_en, dispatcher
):
    # given a second installation request of Alice, assigned, with the first one's blob copied
    other = open_request(alice, alice_store, category=Category.INSTALLATION, subject="Second")
    services.assign(ticket=other, actor=dispatcher, engineer=engineer_en)
    ServerAccess.objects.create(
        ticket=other, ciphertext=raw_ciphertext(installation), key_id=given_access.key_id
    )
    # when the engineer reveals the copy
    # then it does not decrypt (the blob is bound to its request), and nothing is logged
    with pytest.raises(ImproperlyConfigured):
        server_access.reveal_server_access(
            ticket=other, user=engineer_en.user, ip=None, second_factor=True
        )
    assert ServerAccessView.objects.count() == 0


def test_reprs_and_errors_show_no_secret(given_access, assigned, engineer_en, caplog):
    # given revealed details
    caplog.set_level(logging.DEBUG)
    revealed = server_access.reveal_server_access(
        ticket=assigned, user=engineer_en.user, ip=None, second_factor=True
    )
    bad = {**DETAILS, "host": SECRET + "\x00"}
    # when they, the stored row and a refusal quoting a secret are turned into text
    with pytest.raises(DeskError) as caught:
        server_access.check_details(bad)
    error = caught.value
    texts = [repr(revealed), str(revealed.details), repr(given_access), str(given_access)]
    texts += [str(error), error.message, repr(error), caplog.text]
    # then no secret value is among them
    assert [t for t in texts for v in (HOST, USERNAME, SECRET, NOTES) if v in t] == []
    assert revealed.details.secret == SECRET


# --- key rotation ----------------------------------------------------------------------------


def test_key_rotation_old_key_decrypts_new_key_encrypts(
    settings, installation, alice, assigned, engineer_en
):
    # given details encrypted under the old key
    settings.DESK_SECRETS_KEYS = [KEY_OLD]
    old = server_access.attach_server_access(ticket=installation, customer=alice, details=DETAILS)
    old_id = old.key_id
    # when a new key is put first
    settings.DESK_SECRETS_KEYS = [KEY_NEW, KEY_OLD]
    revealed = server_access.reveal_server_access(
        ticket=assigned, user=engineer_en.user, ip=None, second_factor=True
    )
    replaced = server_access.attach_server_access(
        ticket=installation, customer=alice, details={**DETAILS, "secret": "rotated-2"}
    )
    # then the old key still decrypts, and new details are encrypted under the new key
    assert revealed.details.secret == SECRET
    assert replaced.key_id == server_access._keyring()[0].id
    assert replaced.key_id != old_id


def test_rotate_keys_reencrypts_so_the_old_key_can_go(
    settings, installation, alice, assigned, engineer_en
):
    # given details under the old key, and the new key put first
    settings.DESK_SECRETS_KEYS = [KEY_OLD]
    server_access.attach_server_access(ticket=installation, customer=alice, details=DETAILS)
    settings.DESK_SECRETS_KEYS = [KEY_NEW, KEY_OLD]
    # when the keys are rotated (twice: it is idempotent) and the old key is dropped
    call_command("server_access", "--rotate-keys")
    assert server_access.rotate_keys() == 0
    settings.DESK_SECRETS_KEYS = [KEY_NEW]
    # then the details decrypt with the new key alone
    revealed = server_access.reveal_server_access(
        ticket=assigned, user=engineer_en.user, ip=None, second_factor=True
    )
    assert revealed.details.secret == SECRET


def test_details_under_a_dropped_key_fail_loudly(
    settings, installation, alice, assigned, engineer_en
):
    # given details under the old key, then the old key dropped without rotating
    settings.DESK_SECRETS_KEYS = [KEY_OLD]
    server_access.attach_server_access(ticket=installation, customer=alice, details=DETAILS)
    settings.DESK_SECRETS_KEYS = [KEY_NEW]
    # when revealed / then a configuration error, and no view is logged
    with pytest.raises(ImproperlyConfigured):
        server_access.reveal_server_access(
            ticket=assigned, user=engineer_en.user, ip=None, second_factor=True
        )
    assert ServerAccessView.objects.count() == 0


@pytest.mark.parametrize("key", ["not base64!", base64.urlsafe_b64encode(b"short").decode()])
def test_malformed_key_is_refused(settings, key):
    # given a key that is not 32 bytes of url-safe base64
    settings.DESK_SECRETS_KEYS = [key]
    # when the keyring is built / then it fails loudly
    with pytest.raises(ImproperlyConfigured):
        server_access._keyring()


def test_without_keys_a_key_is_derived_from_secret_key(settings):
    # given no explicit key
    settings.DESK_SECRETS_KEYS = []
    # when the keyring is built
    first = server_access._keyring()
    settings.SECRET_KEY = "another-test-secret-key"
    second = server_access._keyring()
    # then there is one key, derived from SECRET_KEY
    assert len(first) == 1
    assert first[0].id != second[0].id


# --- who reveals -----------------------------------------------------------------------------


def test_only_the_assignee_reveals(
    given_access, installation, engineer_en, engineer_ru, dispatcher
):
    # given the request assigned to Erin, and Roman, another engineer
    services.assign(ticket=installation, actor=dispatcher, engineer=engineer_en)
    # when Roman tries, then Erin
    roman = refused(
        lambda: server_access.reveal_server_access(
            ticket=installation, user=engineer_ru.user, ip=None, second_factor=True
        )
    )
    revealed = server_access.reveal_server_access(
        ticket=installation, user=engineer_en.user, ip="198.51.100.4", second_factor=True
    )
    # then Roman is refused and Erin sees the details; one view logged, Erin's
    assert roman == "server_access_not_assignee"
    assert revealed.details == server_access.ServerAccessDetails(**DETAILS)
    assert list(ServerAccessView.objects.values_list("user", "ip")) == [
        (engineer_en.user.pk, "198.51.100.4")
    ]


def test_unassigned_request_must_be_assigned_first(given_access, installation, engineer_en):
    # given an unassigned request with details
    # when an engineer reveals
    code = refused(
        lambda: server_access.reveal_server_access(
            ticket=installation, user=engineer_en.user, ip=None, second_factor=True
        )
    )
    # then they are told to assign it first, and nothing is logged
    assert code == "server_access_assign_first"
    assert ServerAccessView.objects.count() == 0
    assert events_of(installation, EventKind.SECRET_VIEWED) == []


def test_superuser_reveals_without_being_assigned_with_a_reason(
    given_access, installation, staff_admin
):
    # given an unassigned request with details
    # when a superuser reveals without a reason, then with one
    code = refused(
        lambda: server_access.reveal_server_access(
            ticket=installation, user=staff_admin, ip=None, second_factor=True
        )
    )
    revealed = server_access.reveal_server_access(
        ticket=installation, user=staff_admin, ip=None, second_factor=True, reason="Audit"
    )
    # then the first is refused and the second seen, logged with its reason
    assert code == "server_access_reason_required"
    assert revealed.details.host == HOST
    assert ServerAccessView.objects.get(user=staff_admin).reason == "Audit"


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_customers_never_reveal(who, given_access, assigned, request):
    # given the assigned request with details
    customer = request.getfixturevalue(who)
    # when a customer (even its own) reveals
    code = refused(
        lambda: server_access.reveal_server_access(
            ticket=assigned, user=customer, ip=None, second_factor=True
        )
    )
    # then "not found", nothing logged
    assert code == "ticket_not_found"
    assert ServerAccessView.objects.count() == 0


def test_every_reveal_is_logged(given_access, assigned, engineer_en):
    # given the assigned request with details
    # when the assignee reveals twice
    for ip in ("198.51.100.4", "not an ip"):
        server_access.reveal_server_access(
            ticket=assigned, user=engineer_en.user, ip=ip, second_factor=True
        )
    # then two log rows and two history events, none holding a secret
    views = list(ServerAccessView.objects.order_by("id").values_list("ticket", "user", "ip"))
    assert views == [
        (assigned.pk, engineer_en.user.pk, "198.51.100.4"),
        (assigned.pk, engineer_en.user.pk, None),
    ]
    events = events_of(assigned, EventKind.SECRET_VIEWED)
    assert [(e.actor_id, e.from_value, e.to_value) for e in events] == [
        (engineer_en.user.pk, "", ""),
        (engineer_en.user.pk, "", ""),
    ]
    assert [SECRET in str(e.data) for e in events] == [False, False]


def test_reveal_without_details_is_not_provided(assigned, engineer_en):
    # given the assigned request without details
    # when revealed / then "not provided", nothing logged
    code = refused(
        lambda: server_access.reveal_server_access(
            ticket=assigned, user=engineer_en.user, ip=None, second_factor=True
        )
    )
    assert code == "server_access_not_provided"
    assert ServerAccessView.objects.count() == 0


# --- giving details --------------------------------------------------------------------------


def test_customer_gives_and_replaces_details(installation, alice, assigned, engineer_en):
    # given Alice's installation request
    # when she gives details, then replaces them
    first = server_access.attach_server_access(ticket=installation, customer=alice, details=DETAILS)
    server_access.attach_server_access(
        ticket=installation, customer=alice, details={**DETAILS, "secret": "second-secret"}
    )
    # then one row holds the latest details, with two history events
    revealed = server_access.reveal_server_access(
        ticket=assigned, user=engineer_en.user, ip=None, second_factor=True
    )
    assert ServerAccess.objects.filter(ticket=installation).count() == 1
    assert revealed.details.secret == "second-secret"
    assert server_access.provided_at(installation) == revealed.provided_at
    provided = events_of(installation, EventKind.SECRET_PROVIDED)
    assert [(e.actor_id, e.data) for e in provided] == [
        (alice.pk, {"replaced": False}),
        (alice.pk, {"replaced": True}),
    ]
    assert first.created_at <= revealed.provided_at


def test_customer_b_cannot_give_details_on_alices_request(installation, bob, row_counts):
    # given Alice's installation request
    before = row_counts()
    # when Bob gives details on it / then "not found", nothing stored
    code = refused(
        lambda: server_access.attach_server_access(
            ticket=installation, customer=bob, details=DETAILS
        )
    )
    assert code == "ticket_not_found"
    assert row_counts() == before


def test_non_installation_request_is_refused(alice, alice_store, alice_subscription, row_counts):
    # given Alice's request about PHP errors
    ticket = open_request(alice, alice_store, category=Category.PHP_MYSQL)
    before = row_counts()
    # when she gives server access details
    code = refused(
        lambda: server_access.attach_server_access(ticket=ticket, customer=alice, details=DETAILS)
    )
    # then they are refused, nothing stored
    assert code == "server_access_not_applicable"
    assert row_counts() == before


@pytest.mark.parametrize(
    "change",
    [
        {"host": ""},
        {"host": "   "},
        {"host": "x" * (server_access.HOST_MAX + 1)},
        {"host": "shop\x00example"},
        {"host": "shop\nexample"},
        {"protocol": "telnet"},
        {"protocol": ""},
        {"protocol": None},
        {"username": "x" * (server_access.USERNAME_MAX + 1)},
        {"username": "root\x00"},
        {"username": "root\x1b[2J"},
        {"secret": "x" * (server_access.SECRET_MAX + 1)},
        {"secret": "hunter2\x00"},
        {"secret": "hunter2\x7f"},
        {"notes": "x" * (server_access.NOTES_MAX + 1)},
        {"notes": "\x00"},
        {"notes": 42},
        {"secret": ["a"]},
    ],
    ids=repr,
)
def test_bad_input_is_refused_and_nothing_is_stored(change, installation, alice, row_counts):
    # given Alice's installation request
    before = row_counts()
    # when she gives spoilt details
    code = refused(
        lambda: server_access.attach_server_access(
            ticket=installation, customer=alice, details={**DETAILS, **change}
        )
    )
    # then they are refused, nothing stored
    assert code == "invalid_server_access"
    assert row_counts() == before


def test_multiline_private_key_is_kept(installation, alice, assigned, engineer_en):
    # given a private key with line breaks
    key = "-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXk\n\tAAAA\n-----END-----\n"
    # when Alice gives it
    server_access.attach_server_access(
        ticket=installation, customer=alice, details={**DETAILS, "secret": key}
    )
    # then the engineer sees it exactly
    revealed = server_access.reveal_server_access(
        ticket=assigned, user=engineer_en.user, ip=None, second_factor=True
    )
    assert revealed.details.secret == key


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_details_cannot_be_given_on_a_request_not_open(status, installation, alice, row_counts):
    # given Alice's installation request, resolved or closed
    services.change_status(ticket=installation, actor=alice, status=status)
    before = row_counts()
    # when she gives details / then refused, nothing stored
    code = refused(
        lambda: server_access.attach_server_access(
            ticket=installation, customer=alice, details=DETAILS
        )
    )
    assert code == "server_access_request_not_open"
    assert row_counts() == before


# --- wiping ----------------------------------------------------------------------------------


@pytest.mark.parametrize("closer", ["alice", "engineer"])
def test_closing_wipes(closer, given_access, assigned, alice, engineer_en):
    # given the assigned request with details
    actor = alice if closer == "alice" else engineer_en.user
    # when it is closed
    services.change_status(ticket=assigned, actor=actor, status=Status.CLOSED)
    # then the ciphertext is gone, wiped_at is set, one SECRET_WIPED event, and a reveal says so
    row = ServerAccess.objects.get(ticket=assigned)
    assert raw_ciphertext(assigned) == b""
    assert (row.key_id, row.wiped_at) == ("", Ticket.objects.get(pk=assigned.pk).closed_at)
    assert [e.actor_id for e in events_of(assigned, EventKind.SECRET_WIPED)] == [actor.pk]
    code = refused(
        lambda: server_access.reveal_server_access(
            ticket=assigned, user=engineer_en.user, ip=None, second_factor=True
        )
    )
    assert code == "server_access_wiped"
    assert server_access.provided_at(assigned) is None
    assert ServerAccessView.objects.count() == 0


def test_resolving_does_not_wipe(given_access, assigned, engineer_en):
    # given the assigned request with details
    # when it is resolved
    services.change_status(ticket=assigned, actor=engineer_en.user, status=Status.RESOLVED)
    # then the details are kept (a resolved request reopens when the customer writes)
    assert ServerAccess.objects.get(ticket=assigned).wiped_at is None
    assert events_of(assigned, EventKind.SECRET_WIPED) == []


def test_closing_without_details_records_no_wipe(assigned, engineer_en):
    # given the assigned request without details
    # when it is closed / then no wipe event
    services.change_status(ticket=assigned, actor=engineer_en.user, status=Status.CLOSED)
    assert events_of(assigned, EventKind.SECRET_WIPED) == []


def test_safety_net_wipes_requests_closed_earlier(given_access, installation):
    # given a request closed by a path that did not wipe (e.g. before this existed)
    Ticket.objects.filter(pk=installation.pk).update(status=Status.CLOSED)
    # when the safety net runs, twice
    call_command("server_access", "--wipe-closed")
    second = server_access.wipe_closed()
    # then the details are wiped once, with one event by nobody
    assert raw_ciphertext(installation) == b""
    assert second == 0
    assert [e.actor_id for e in events_of(installation, EventKind.SECRET_WIPED)] == [None]


def test_safety_net_leaves_open_requests_alone(given_access, installation):
    # given an open request with details
    # when the safety net runs / then nothing is wiped
    assert server_access.wipe_closed() == 0
    assert raw_ciphertext(installation) != b""


def test_error_reports_hide_the_plaintext(installation, alice, monkeypatch):
    # given encryption failing unexpectedly while Alice gives details
    def broken(ticket_id, details):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(server_access, "encrypt", broken)
    # when the error report (debug page, mailed 500) of that failure is written
    with pytest.raises(RuntimeError) as caught:
        server_access.attach_server_access(ticket=installation, customer=alice, details=DETAILS)
    report = ExceptionReporter(None, caught.type, caught.value, caught.tb).get_traceback_text()
    # then it shows the failure, with no secret in the local variables
    assert "disk on fire" in report
    assert [v for v in (HOST, USERNAME, SECRET, NOTES) if v in report] == []


# --- issue 10 point 5: secrets stay with the assignee -------------------------------------------


def _reveal(ticket, engineer, **kw):
    return server_access.reveal_server_access(
        ticket=ticket, user=engineer.user, ip=None, **{"second_factor": True, **kw}
    )


def test_self_assignment_and_reveal_in_one_step_needs_a_reason(
    given_access, installation, engineer_en, alice
):
    # given Erin assigning Alice's request to herself after Alice's last message
    services.assign(ticket=installation, actor=engineer_en.user, engineer=engineer_en)
    # when she reveals without a reason
    code = refused(lambda: _reveal(installation, engineer_en))
    # then it is refused and nothing logged; with a reason it works, and Alice sees it
    assert code == "server_access_reason_required"
    assert ServerAccessView.objects.count() == 0
    _reveal(installation, engineer_en, reason="Installing the module now")
    view = server_access.reveals_of(installation)[0]
    assert (view.user, view.reason) == (engineer_en.user, "Installing the module now")


def test_self_assignment_before_the_customers_last_message_needs_no_reason(
    given_access, installation, engineer_en, alice, clock
):
    # given Erin assigned herself, then Alice wrote again (knowing who works her request)
    services.assign(ticket=installation, actor=engineer_en.user, engineer=engineer_en)
    clock.advance(minutes=5)
    services.add_customer_message(ticket=installation, author=alice, body="Go ahead.")
    # when Erin reveals
    revealed = _reveal(installation, engineer_en)
    # then she sees them, logged without a reason
    assert revealed.details.host == HOST
    assert server_access.reveals_of(installation)[0].reason == ""


def test_reveal_needs_a_two_factor_session(given_access, assigned, engineer_en):
    code = refused(lambda: _reveal(assigned, engineer_en, second_factor=False))
    assert code == "two_factor_required"
    assert ServerAccessView.objects.count() == 0


@pytest.mark.parametrize("reason", ["x" * 501, "bad\x00reason", "esc\x1b[31m"])
def test_bad_reasons_are_refused(given_access, installation, engineer_en, reason):
    services.assign(ticket=installation, actor=engineer_en.user, engineer=engineer_en)
    assert refused(lambda: _reveal(installation, engineer_en, reason=reason)) == (
        "invalid_reveal_reason"
    )
    assert ServerAccessView.objects.count() == 0


def test_customer_sees_every_reveal_on_the_request_page(
    given_access, installation, engineer_en, alice, client
):
    services.assign(ticket=installation, actor=engineer_en.user, engineer=engineer_en)
    _reveal(installation, engineer_en, reason="Checking the FTP login")
    client.force_login(alice)
    page = client.get(f"/requests/{installation.pk}/").content.decode()
    assert "Erin Engineer viewed your server access on" in page
    assert "Checking the FTP login" in page
