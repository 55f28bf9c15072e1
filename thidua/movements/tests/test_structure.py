"""A movement's plan kept per process (`selectors.structure`) and the stamp the database writes
on every change of its content areas, criteria, indicators, scoring tables and versions
(migrations 0003 and 0004's triggers, on SQLite and on PostgreSQL: the suite runs on both)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from thidua.conftest import Org
from thidua.movements.models import (
    ContentArea,
    Criterion,
    Indicator,
    Movement,
    ScoringTable,
    ScoringVersion,
    StructureStamp,
)
from thidua.movements.selectors.structure import in_area_order, stamp_of, structure_of
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
    make_scoring_table,
)

pytestmark = pytest.mark.django_db


def _token(movement: Movement) -> int | None:
    return (
        StructureStamp.objects.filter(movement_id=movement.pk)
        .values_list("token", flat=True)
        .first()
    )


def _read(movement: Movement) -> Movement:
    """The movement as the pages read it: with its stamp."""
    return Movement.objects.select_related("structure_stamp").get(pk=movement.pk)


@pytest.fixture
def movement(org: Org) -> Movement:
    movement = make_movement(org.root)
    area = make_area(movement, "ND1")
    criterion = make_criterion(area, "1", 40)
    make_indicator(criterion, "CT_A", order=2)
    make_indicator(criterion, "CT_B", order=1)
    make_scoring_table(movement)
    return movement


def test_a_movement_without_a_plan_has_no_stamp_and_an_empty_structure(org: Org) -> None:
    bare = make_movement(org.root)

    assert _token(bare) is None
    assert stamp_of(_read(bare)) is None
    assert structure_of(_read(bare)).indicators == ()


CHANGES: dict[str, Callable[[Movement], Any]] = {
    "an indicator saved": lambda m: Indicator.objects.filter(movement=m).first().save(),
    "indicators updated in bulk": lambda m: Indicator.objects.filter(movement=m).update(order=9),
    "an indicator deleted": lambda m: Indicator.objects.filter(code="CT_A", movement=m).delete(),
    "an indicator added": lambda m: make_indicator(Criterion.objects.get(movement=m), "CT_C"),
    "a criterion renamed in bulk": lambda m: Criterion.objects.filter(movement=m).update(name="X"),
    "a criterion added": lambda m: make_criterion(ContentArea.objects.get(movement=m), "2", 5),
    "an area reordered in bulk": lambda m: ContentArea.objects.filter(movement=m).update(order=3),
    "an area added": lambda m: make_area(m, "ND2"),
    "a scoring version frozen": lambda m: ScoringVersion.objects.filter(table__movement=m).update(
        frozen_at=timezone.now()
    ),
    "a scoring version added": lambda m: ScoringVersion.objects.create(
        table=ScoringTable.objects.get(movement=m), number=2, effective_from=dt.date(2027, 1, 1)
    ),
    "a scoring version deleted": lambda m: ScoringVersion.objects.filter(
        table__movement=m
    ).delete(),
    "a scoring table renamed": lambda m: ScoringTable.objects.filter(movement=m).update(name="Y"),
    "a scoring table added": lambda m: make_scoring_table(m, name="Bảng thứ hai"),
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_every_change_of_the_plan_gives_the_movement_a_new_token(
    movement: Movement, change: str
) -> None:
    before = _token(movement)

    CHANGES[change](movement)

    assert before is not None
    assert _token(movement) not in {before, None}


def test_raw_sql_on_an_indicator_moves_the_token_too(movement: Movement) -> None:
    before = _token(movement)

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE movements_indicator SET name = %s WHERE movement_id = %s",
            ["Tên mới", movement.pk],
        )

    assert _token(movement) != before


def test_an_indicator_moved_to_another_movement_stamps_both(org: Org, movement: Movement) -> None:
    other = make_movement(org.root)
    other_area = make_area(other, "ND1")
    make_criterion(other_area, "1", 10)
    before = (_token(movement), _token(other))

    Indicator.objects.filter(movement=movement, code="CT_A").update(movement=other)

    assert _token(movement) != before[0]
    assert _token(other) != before[1]


def test_a_change_in_one_movement_leaves_the_others_token(org: Org, movement: Movement) -> None:
    other = make_movement(org.root)
    make_indicator(make_criterion(make_area(other, "ND1"), "1", 10), "CT_X")
    kept = _token(movement)

    Indicator.objects.filter(movement=other).update(name="Đổi tên")

    assert _token(movement) == kept


def test_deleting_a_movement_with_its_plan_succeeds_and_leaves_no_foreign_key_to_break(
    movement: Movement,
) -> None:
    pk = movement.pk

    Movement.objects.filter(pk=pk).delete()  # the triggers stamp it while its rows go

    assert not Movement.objects.filter(pk=pk).exists()
    assert not Indicator.objects.filter(movement_id=pk).exists()


def test_the_structure_is_read_once_then_kept_while_the_token_stands(
    movement: Movement, django_assert_num_queries: Any
) -> None:
    read = _read(movement)
    with django_assert_num_queries(3):  # criteria with their areas, indicators, versions
        first = structure_of(read)
    with django_assert_num_queries(0):
        again = structure_of(read)

    assert again is first
    assert [i.code for i in first.indicators] == ["CT_B", "CT_A"]  # by order, then code
    assert [c.area.code for c in first.criteria] == ["ND1"]
    assert [(v.table.name, v.number) for v in first.versions] == [("Bảng chấm điểm thử nghiệm", 1)]


def test_a_changed_plan_is_read_again_with_the_change(movement: Movement) -> None:
    before = structure_of(_read(movement))

    Indicator.objects.filter(movement=movement, code="CT_A").update(name="Tên đã đổi")
    after = structure_of(_read(movement))

    assert after is not before
    assert {i.code: i.name for i in after.indicators}["CT_A"] == "Tên đã đổi"
    assert {i.code: i.name for i in before.indicators}["CT_A"] == "Chỉ tiêu CT_A"


def test_in_area_order_sorts_as_the_database_does(org: Org) -> None:
    movement = make_movement(org.root)
    late = make_area(movement, "ND2", order=2)
    early = make_area(movement, "ND1", order=1)
    for area, codes in ((late, ["2.1", "2.0"]), (early, ["1.2", "1.10"])):
        for number, code in enumerate(codes):
            make_criterion(area, code, 5, order=number % 2)

    by_database = list(
        Criterion.objects.filter(movement=movement)
        .order_by("area__kind", "area__order", "area__code", "order", "code")
        .values_list("code", flat=True)
    )

    assert [c.code for c in in_area_order(structure_of(_read(movement)).criteria)] == by_database
