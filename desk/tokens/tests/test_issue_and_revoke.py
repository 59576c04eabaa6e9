"""Issuing and revoking tokens: checked fields with codes, nothing saved on bad input."""

from __future__ import annotations

import pytest

from desk.core.errors import DeskError
from desk.tokens import services
from desk.tokens.access import access_token
from desk.tokens.models import ApiToken


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": "", "scope": "read", "expires_in_days": 30}, "invalid_token_name"),
        ({"name": "x" * 101, "scope": "read", "expires_in_days": 30}, "invalid_token_name"),
        ({"name": "CI", "scope": "admin", "expires_in_days": 30}, "invalid_token_scope"),
        ({"name": "CI", "scope": "read", "expires_in_days": 3}, "invalid_token_expiry"),
    ],
)
def test_bad_fields_are_refused_with_a_code(alice, fields, code):
    with pytest.raises(DeskError) as refused:
        services.issue_personal_token(user=alice, **fields)

    assert refused.value.code == code
    assert not ApiToken.objects.exists()


def test_a_customer_cannot_issue_a_service_token(alice, bob):
    with pytest.raises(DeskError) as refused:
        services.issue_service_token(
            staff=alice, name="x", scope="read", expires_in_days=None, customer_email=bob.email
        )

    assert refused.value.code == "token_not_allowed"
    assert not ApiToken.objects.exists()


def test_a_service_token_binds_only_to_a_customer(engineer_en, engineer_ru):
    with pytest.raises(DeskError) as refused:
        services.issue_service_token(
            staff=engineer_en.user,
            name="x",
            scope="read",
            expires_in_days=None,
            customer_email=engineer_ru.user.email,
        )

    assert refused.value.code == "invalid_token_customer"
    assert not ApiToken.objects.exists()


def test_revoking_twice_is_refused(alice):
    # given
    issued = services.issue_personal_token(user=alice, name="CI", scope="read", expires_in_days=7)
    services.revoke_token(token=issued.token)
    # when
    with pytest.raises(DeskError) as refused:
        services.revoke_token(token=issued.token)
    # then
    assert refused.value.code == "token_already_revoked"


def test_nobody_reaches_another_customers_token(alice, bob, engineer_en):
    # given
    alices = services.issue_personal_token(user=alice, name="CI", scope="read", expires_in_days=7)
    service = services.issue_service_token(
        staff=engineer_en.user, name="ERP", scope="read", expires_in_days=7
    )
    # then
    with pytest.raises(DeskError):
        access_token(bob, alices.token.pk)
    with pytest.raises(DeskError):
        access_token(engineer_en.user, alices.token.pk)
    with pytest.raises(DeskError):
        access_token(alice, service.token.pk)
    assert access_token(alice, alices.token.pk) == alices.token
    assert access_token(engineer_en.user, service.token.pk) == service.token
