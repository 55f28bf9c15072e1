"""`core.prepared.PreparedQuery` on real models (units, people): the rows a prepared query gives
are the rows its queryset gives, for every argument, on SQLite and PostgreSQL alike; a builder
whose SQL cannot be reused is refused when it first runs, not answered wrongly."""

import datetime as dt
from typing import Any

import pytest
from django.db.models import Count, F, QuerySet

from thidua.conftest import Org
from thidua.core.prepared import PreparedQuery, PreparedQueryError, prepared
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _children(parent: int, code: str) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(parent_id=parent)
        .exclude(code=code)
        .select_related("parent")
        .order_by("code")
    )


CHILDREN = PreparedQuery(_children, int, str)


@prepared(int, dt.date)
def born_before(unit: int, day: dt.date) -> QuerySet[Person]:
    return Person.objects.filter(unit_id=unit, date_of_birth__lt=day).order_by("staff_code")


@prepared(str)
def unit_by_code(code: str) -> QuerySet[Unit]:
    return Unit.objects.filter(code=code).order_by()[:1]


@prepared(int)
def staff_per_unit(root: int) -> QuerySet[Any]:
    return (
        Person.objects.filter(unit__parent_id=root)
        .values_list("unit__code")
        .annotate(count=Count("pk"))
        .values_list("unit__code", "count")
        .order_by("unit__code")
    )


def test_a_prepared_query_gives_the_querysets_rows_for_each_argument(org: Org) -> None:
    for parent, code in [(org.root.pk, "BV_B"), (org.a.pk, "none"), (org.b1.pk, "x")]:
        rows = CHILDREN.rows(parent, code)
        assert rows == list(_children(parent, code))
        # The related object came with the row, as select_related gives it.
        assert all(row.parent.pk == parent for row in rows)
    assert [u.code for u in CHILDREN.rows(org.root.pk, "BV_B")] == ["BV_A", "PS_TCCB"]


def test_date_arguments_and_converted_columns_read_as_the_orm_reads_them(org: Org) -> None:
    PersonFactory(unit=org.a1, date_of_birth=dt.date(1980, 1, 2), staff_code="P1")
    PersonFactory(unit=org.a1, date_of_birth=dt.date(1995, 6, 30), staff_code="P2")
    PersonFactory(unit=org.a2, date_of_birth=dt.date(1970, 3, 3), staff_code="P3")
    assert [p.staff_code for p in born_before.rows(org.a1.pk, dt.date(1990, 1, 1))] == ["P1"]
    assert [p.staff_code for p in born_before.rows(org.a1.pk, dt.date(2000, 1, 1))] == [
        "P1",
        "P2",
    ]
    older = born_before.rows(org.a1.pk, dt.date(1990, 1, 1))[0]
    assert older.date_of_birth == dt.date(1980, 1, 2)  # a date, not the text SQLite keeps
    assert isinstance(older.created_at, dt.datetime)
    assert older.created_at.tzinfo is not None


def test_values_rows_and_first(org: Org) -> None:
    PersonFactory(unit=org.a)
    PersonFactory(unit=org.a)
    PersonFactory(unit=org.b)
    assert staff_per_unit.rows(org.root.pk) == [("BV_A", 2), ("BV_B", 1)]
    assert staff_per_unit.rows(org.a1.pk) == []
    assert unit_by_code.first("BV_A") == org.a
    assert unit_by_code.first("KHONG_CO") is None


def test_pattern_lookups_take_their_argument_escaped_as_the_orm_escapes_it(org: Org) -> None:
    by_prefix = PreparedQuery(
        lambda path: Unit.objects.filter(path__startswith=path).order_by("code"), str
    )
    assert by_prefix.rows(org.a.path) == list(
        Unit.objects.filter(path__startswith=org.a.path).order_by("code")
    )
    assert [u.code for u in by_prefix.rows(org.a.path)] == ["BV_A", "BV_A_K1", "BV_A_K2"]
    named = PreparedQuery(
        lambda word: Unit.objects.filter(code__contains=word).order_by("code").values_list("code"),
        str,
    )
    assert named.rows("_K") == [("BV_A_K1",), ("BV_A_K2",), ("BV_B_K1",)]
    assert named.rows("%") == []  # a wildcard in the argument is a plain character


def test_an_argument_used_in_a_changed_form_is_refused() -> None:
    suffixed = PreparedQuery(lambda code: Unit.objects.filter(code=code + "_K1"), str)
    with pytest.raises(PreparedQueryError, match="changed form"):
        suffixed.rows("BV_A")
    plus_one = PreparedQuery(lambda depth: Unit.objects.filter(depth=depth + 1), int)
    with pytest.raises(PreparedQueryError, match="changed form"):
        plus_one.rows(1)


def test_a_builder_whose_sql_depends_on_its_arguments_is_refused() -> None:
    def shape(depth: int) -> QuerySet[Unit]:
        units = Unit.objects.filter(depth=depth)
        return units.filter(parent__isnull=True) if depth % 2 else units

    with pytest.raises(PreparedQueryError, match="depends on its arguments"):
        PreparedQuery(shape, int).rows(0)


def test_constants_stay_in_place_and_none_is_not_an_argument(org: Org) -> None:
    deeper = PreparedQuery(
        lambda parent: (
            Unit.objects.filter(parent_id=parent, depth__gte=2)
            .exclude(pk=F("parent_id"))
            .order_by("code")
        ),
        int,
    )
    assert [u.code for u in deeper.rows(org.a.pk)] == ["BV_A_K1", "BV_A_K2"]
    assert deeper.rows(org.root.pk) == []  # their depth is 1: the constant 2 was kept
    with pytest.raises(PreparedQueryError, match="None"):
        deeper.rows(None)
    with pytest.raises(PreparedQueryError, match="arguments"):
        deeper.rows(1, 2)


def test_a_small_integer_argument_is_passed_as_the_driver_expects(org: Org) -> None:
    """PostgreSQL's driver gets a small integer column's parameter wrapped (psycopg's Int2):
    each call's argument is wrapped the same way."""
    at_depth = PreparedQuery(
        lambda depth: Unit.objects.filter(depth=depth).order_by("code").values_list("code"), int
    )
    assert at_depth.rows(0) == [("SYT",)]
    assert [code for (code,) in at_depth.rows(2)] == ["BV_A_K1", "BV_A_K2", "BV_B_K1"]


def test_an_integer_beyond_the_columns_range_matches_no_row(org: Org) -> None:
    """A twenty-digit id from a URL: no row, as the ORM answers, not a database error."""
    huge = 10**20
    assert list(Unit.objects.filter(pk=huge)) == []  # the ORM's answer
    assert unit_by_code.first("BV_A") == org.a
    by_id = PreparedQuery(lambda pk: Unit.objects.filter(pk=pk).order_by()[:1], int)
    assert by_id.first(huge) is None
    assert by_id.first(-huge) is None
    assert by_id.first(org.a.pk) == org.a
    at_depth = PreparedQuery(lambda depth: Unit.objects.filter(depth=depth).order_by("code"), int)
    assert at_depth.rows(2**40) == []  # beyond a small integer column on PostgreSQL
