import pytest

from desk.accounts import services
from desk.accounts.models import User
from desk.core.errors import DeskError


def test_register_customer_normalises_email(db):
    user = services.register_customer(email="  Alice@Example.COM ", password="x" * 12)
    assert user.email == "alice@example.com"
    assert user.check_password("x" * 12)


def test_register_customer_refuses_duplicate_email_in_other_case(alice):
    with pytest.raises(DeskError) as caught:
        services.register_customer(email="ALICE@example.com", password="y" * 12)
    assert caught.value.code == "email_taken"
    assert User.objects.count() == 1


def test_register_customer_refuses_unknown_time_zone(db):
    with pytest.raises(DeskError) as caught:
        services.register_customer(email="c@example.com", password="z" * 12, time_zone="Mars/Base")
    assert caught.value.code == "invalid_time_zone"
    assert not User.objects.exists()
