"""The user of a signed-in session is read with their engineer profile in one query
(`ThrottledEmailBackend.get_user`), and is refused as Django's backend refuses it."""

from __future__ import annotations

from desk.accounts.backends import ThrottledEmailBackend


def test_an_engineer_comes_with_the_profile_in_one_query(engineer_en, django_assert_num_queries):
    # when
    with django_assert_num_queries(1):
        user = ThrottledEmailBackend().get_user(engineer_en.user.pk)
        # then: asking about the profile reads nothing more
        assert user is not None
        assert user.is_engineer
        assert user.engineer.pk == engineer_en.pk


def test_a_customer_is_no_engineer_without_another_query(alice, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = ThrottledEmailBackend().get_user(alice.pk)
        assert user == alice
        assert not user.is_engineer


def test_an_inactive_or_unknown_user_is_nobody(alice, engineer_en):
    # given
    engineer_en.user.is_active = False
    engineer_en.user.save(update_fields=["is_active"])
    # when / then
    assert ThrottledEmailBackend().get_user(engineer_en.user.pk) is None
    assert ThrottledEmailBackend().get_user(alice.pk + 1000) is None


def test_a_deactivated_engineer_profile_is_no_engineer(engineer_en):
    # given
    engineer_en.is_active = False
    engineer_en.save(update_fields=["is_active"])
    # when
    user = ThrottledEmailBackend().get_user(engineer_en.user.pk)
    # then
    assert user is not None
    assert not user.is_engineer
