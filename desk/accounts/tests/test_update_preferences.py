import pytest

from desk.accounts import services
from desk.accounts.models import User
from desk.core.errors import DeskError


def test_update_preferences_saves_name_language_and_time_zone(alice):
    # when
    services.update_preferences(
        user=alice, full_name="  Alice A. Archer ", language="ru", time_zone="Asia/Tokyo"
    )
    # then
    alice.refresh_from_db()
    assert (alice.full_name, alice.language, alice.time_zone) == (
        "Alice A. Archer",
        "ru",
        "Asia/Tokyo",
    )


@pytest.mark.parametrize(
    ("language", "time_zone", "code"),
    [("de", "Asia/Tokyo", "invalid_language"), ("ru", "Mars/Olympus", "invalid_time_zone")],
)
def test_update_preferences_refuses_bad_values_and_changes_nothing(
    alice, language, time_zone, code
):
    # when
    with pytest.raises(DeskError) as caught:
        services.update_preferences(
            user=alice, full_name="Changed", language=language, time_zone=time_zone
        )
    # then
    assert caught.value.code == code
    alice.refresh_from_db()
    assert (alice.full_name, alice.language, alice.time_zone) == (
        "Alice Archer",
        "en",
        "Europe/Berlin",
    )


def test_change_language_saves_the_choice(alice):
    # when
    services.change_language(user=alice, language="ru")
    # then
    alice.refresh_from_db()
    assert alice.language == "ru"


def test_change_language_refuses_an_unsupported_language(bob):
    # when
    with pytest.raises(DeskError) as caught:
        services.change_language(user=bob, language="xx")
    # then
    assert caught.value.code == "invalid_language"
    bob.refresh_from_db()
    assert bob.language == "ru"


def test_register_customer_refuses_an_unsupported_language(db):
    with pytest.raises(DeskError) as caught:
        services.register_customer(email="c@example.com", password="z" * 12, language="fr")
    assert caught.value.code == "invalid_language"
    assert not User.objects.exists()
