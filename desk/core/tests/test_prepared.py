"""`PreparedQuery` gives what its queryset gives, compiled once: the same SQL is sent on every
call with the caller's values in the stand-ins' places."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.core.prepared import PreparedQuery

PERMISSION = PreparedQuery(
    Permission,
    lambda pk: Permission.objects.select_related("content_type").filter(pk=pk).order_by(),
)
BETWEEN = PreparedQuery(
    Permission,
    lambda low, high: Permission.objects.filter(pk__gte=low, pk__lte=high).order_by("pk"),
    arity=2,
)


def _fields(instance) -> dict[str, object]:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def test_the_row_and_its_related_object_are_the_querysets(db):
    for expected in Permission.objects.select_related("content_type").order_by("pk")[:5]:
        # when
        (found,) = PERMISSION.rows(expected.pk)
        # then: the instance and its select_related object, read from the row, not again
        assert _fields(found) == _fields(expected)
        assert found._state.adding is False
        assert found._state.db == "default"
        assert Permission.content_type.is_cached(found)
        assert _fields(found.content_type) == _fields(expected.content_type)


def test_the_sql_is_compiled_once_and_sent_with_each_calls_values(db):
    first, second = Permission.objects.order_by("pk").values_list("pk", flat=True)[:2]
    PERMISSION.rows(first)  # compiled here, if not before
    # when
    with CaptureQueriesContext(connection) as queries:
        PERMISSION.rows(first)
        PERMISSION.rows(second)
    # then: one statement each, the same text but for the value
    assert len(queries) == 2
    one, other = (query["sql"] for query in queries)
    assert one.replace(str(first), "?") == other.replace(str(second), "?")


def test_several_values_take_their_own_places(db):
    pks = list(Permission.objects.order_by("pk").values_list("pk", flat=True)[2:6])
    assert [p.pk for p in BETWEEN.rows(pks[0], pks[-1])] == pks
    assert BETWEEN.rows(pks[-1], pks[0]) == []


def test_a_query_without_values_and_its_prefetches(db, django_assert_num_queries):
    # given a query of no values that prefetches
    groups = PreparedQuery(
        ContentType,
        lambda: ContentType.objects.filter(app_label="auth").prefetch_related("permission_set"),
        arity=0,
    )
    expected = {t.pk: sorted(p.pk for p in t.permission_set.all()) for t in groups._build()}
    # when: the rows and their prefetch, in two statements
    with django_assert_num_queries(2):
        found = {t.pk: sorted(p.pk for p in t.permission_set.all()) for t in groups.rows()}
    # then
    assert found == expected
    assert len(found) >= 2


def test_a_text_value_takes_its_place(db):
    by_code = PreparedQuery(
        Permission,
        lambda type_id, code: Permission.objects.filter(content_type_id=type_id, codename=code),
        kinds=(int, str),
    )
    for expected in Permission.objects.order_by("pk")[:4]:
        found = by_code.rows(expected.content_type_id, expected.codename)
        assert [p.pk for p in found] == [expected.pk]
    assert by_code.rows(expected.content_type_id, "no such permission") == []
    with pytest.raises(TypeError):
        by_code.rows(expected.content_type_id, 5)


@pytest.mark.parametrize("pk", [10**9, 0, -1, 2**63, 99999999999999999999, -(2**63) - 1])
def test_no_row_is_an_empty_list(db, pk):
    assert PERMISSION.rows(pk) == []
    assert list(Permission.objects.filter(pk=pk)) == []


def test_the_values_are_counted_and_numbers():
    with pytest.raises(TypeError):
        BETWEEN.rows(1)
    with pytest.raises(ValueError, match="invalid literal"):
        PERMISSION.rows("1 OR 1=1")  # type: ignore[arg-type]


def test_a_query_that_leaves_out_its_value_is_refused(db):
    ignoring = PreparedQuery(Permission, lambda pk: Permission.objects.filter(pk=1))
    with pytest.raises(ValueError, match="stand-in"):
        ignoring.rows(1)
