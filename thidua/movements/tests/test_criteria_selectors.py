"""Reads of the plan content: the tree in order with its points checked, the formula trial."""

from decimal import Decimal

import pytest

from thidua.conftest import Org
from thidua.movements.enums import AreaKind, ValueType
from thidua.movements.selectors.criteria import plan_tree, total_points_of, try_formula
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
    make_scoring_table,
)


@pytest.fixture
def movement(org: Org):
    return make_movement(org.root)


def _rows(tree) -> list[tuple[str, str, int, list[str]]]:
    return [
        (block.area.code, row.criterion.code, row.depth, [i.code for i in row.indicators])
        for block in tree.blocks
        for row in block.rows
    ]


def test_plan_tree_lists_content_areas_then_solution_groups_in_tree_order(movement) -> None:
    solution = make_area(movement, "GP1", kind=AreaKind.SOLUTION)
    second = make_area(movement, "ND2", order=2)
    first = make_area(movement, "ND1", order=1)
    one = make_criterion(first, "1", 60, order=1)
    make_criterion(first, "1.2", 30, parent=one, order=2)
    one_one = make_criterion(first, "1.1", 30, parent=one, order=1)
    make_indicator(one_one, "B", order=2)
    make_indicator(one_one, "A", order=1)
    make_criterion(second, "2", 30)
    make_criterion(solution, "3", 10)

    tree = plan_tree(movement)

    assert _rows(tree) == [
        ("ND1", "1", 0, []),
        ("ND1", "1.1", 1, ["A", "B"]),
        ("ND1", "1.2", 1, []),
        ("ND2", "2", 0, []),
        ("GP1", "3", 0, []),
    ]
    assert [block.points for block in tree.blocks] == [60, 30, 10]
    assert (tree.top_points, tree.total_points, tree.warnings) == (100, 100, [])
    assert (tree.criterion_count, tree.indicator_count) == (5, 2)


def test_plan_tree_warns_when_points_do_not_add_up(movement) -> None:
    area = make_area(movement, "ND1")
    one = make_criterion(area, "1", 60)
    make_criterion(area, "1.1", 20, parent=one)
    make_criterion(area, "1.2", 30, parent=one)
    make_criterion(area, "2", 35)

    tree = plan_tree(movement)

    assert tree.warnings == [
        "Tổng điểm tối đa các tiêu chí cấp 1 là 95, phải bằng 100.",
        "Các tiêu chí con của 1 cộng lại 50, phải bằng 60.",
    ]
    first = tree.blocks[0].rows[0]
    assert (first.children_points, first.children_mismatch) == (Decimal(50), True)


def test_plan_tree_checks_against_the_total_of_the_first_scoring_table(movement) -> None:
    make_scoring_table(movement, name="Bảng 1000 điểm", total_points=1000)
    make_scoring_table(movement, name="Bảng khác", total_points=50)
    make_criterion(make_area(movement, "ND1"), "1", 100)

    tree = plan_tree(movement)

    assert total_points_of(movement) == 1000
    assert tree.warnings == ["Tổng điểm tối đa các tiêu chí cấp 1 là 100, phải bằng 1.000."]


def test_plan_tree_of_an_empty_plan_has_no_warning(movement) -> None:
    make_area(movement, "ND1")

    tree = plan_tree(movement)

    assert (tree.warnings, tree.criterion_count) == ([], 0)


@pytest.fixture
def criterion(movement):
    return make_criterion(make_area(movement, "ND1"), "1", 100)


def test_try_formula_computes_with_sample_values(movement, criterion) -> None:
    make_indicator(criterion, "TONG", value_type=ValueType.COUNT)
    make_indicator(criterion, "TRUC_TUYEN", value_type=ValueType.COUNT)

    trial = try_formula(
        movement,
        "truc_tuyen / TONG * 100",
        {"TONG": Decimal(3), "TRUC_TUYEN": Decimal(1)},
    )

    assert trial.references == [("TONG", "Chỉ tiêu TONG"), ("TRUC_TUYEN", "Chỉ tiêu TRUC_TUYEN")]
    assert (trial.error, trial.missing, trial.value_text) == ("", [], "33,333333")


def test_try_formula_reports_division_by_zero(movement, criterion) -> None:
    make_indicator(criterion, "TONG")

    trial = try_formula(movement, "100 / TONG", {"TONG": Decimal(0)})

    assert trial.error == "Chia cho 0 khi tính công thức."


def test_try_formula_asks_for_the_values_still_missing(movement, criterion) -> None:
    make_indicator(criterion, "A")
    make_indicator(criterion, "B")

    trial = try_formula(movement, "A + B", {"A": Decimal(1)})

    assert (trial.evaluated, trial.missing) == (False, ["B"])


def test_try_formula_names_an_unknown_reference(movement, criterion) -> None:
    trial = try_formula(movement, "1 + KHONG_CO", {})

    assert trial.error == "Chỉ tiêu “KHONG_CO” không tồn tại (ở vị trí 5)."
    assert trial.references == [("KHONG_CO", "")]


def test_try_formula_reports_a_syntax_error(movement) -> None:
    trial = try_formula(movement, "1 +", {})

    assert trial.error.startswith("Công thức không hợp lệ ở vị trí")


def test_try_formula_with_an_empty_formula(movement) -> None:
    assert try_formula(movement, "  ", {}).error == "Hãy nhập công thức để thử."
