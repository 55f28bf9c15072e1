"""Title bands, criterion weights and version selection of a scoring table."""

from datetime import date
from decimal import Decimal

import pytest

from thidua.movements.scoring import (
    CriterionSpec,
    check_title_bands,
    check_weights,
    format_number,
    select_version,
    title_for,
)

D = Decimal
HUNDRED = D(100)
BANDS = [(D(90), "Xuất sắc"), (D(70), "Tốt"), (D(50), "Khá")]


def criterion(code, max_points, parent=None, weight="1"):
    return CriterionSpec(code=code, max_points=D(max_points), weight=D(weight), parent=parent)


# --- numbers in messages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("95.00", "95"),
        ("100", "100"),
        ("1234567", "1.234.567"),
        ("1234.50", "1.234,5"),
        ("-0.25", "-0,25"),
        ("0", "0"),
    ],
)
def test_format_number_writes_vietnamese_numbers(number, shown):
    assert format_number(D(number)) == shown


# --- title bands ------------------------------------------------------------------------------


def test_check_title_bands_accepts_distinct_thresholds_within_the_total():
    assert check_title_bands([*BANDS, (D(0), "Trung bình"), (HUNDRED, "Tuyệt đối")], HUNDRED) == []


def test_check_title_bands_accepts_no_band():
    assert check_title_bands([], HUNDRED) == []


def test_check_title_bands_reports_a_repeated_threshold():
    assert check_title_bands([(D(90), "Xuất sắc"), (D("90.00"), "Tốt")], HUNDRED) == [
        "Ngưỡng 90 điểm bị trùng."
    ]


@pytest.mark.parametrize("threshold", ["120", "100.01", "-1"])
def test_check_title_bands_reports_a_threshold_outside_the_total(threshold):
    problems = check_title_bands([(D(threshold), "Xuất sắc")], HUNDRED)

    assert problems == [f"Ngưỡng {format_number(D(threshold))} điểm phải nằm trong khoảng 0 – 100."]


@pytest.mark.parametrize("label", ["", "   "])
def test_check_title_bands_reports_a_band_without_a_name(label):
    assert check_title_bands([(D(90), label)], HUNDRED) == ["Mức xếp loại từ 90 điểm chưa có tên."]


def test_check_title_bands_reports_a_threshold_that_is_not_a_number():
    assert check_title_bands([(D("NaN"), "Xuất sắc")], HUNDRED) == [
        "Ngưỡng “NaN” không phải là số."
    ]


@pytest.mark.parametrize("total", [D(0), D(-10), D("NaN")])
def test_check_title_bands_reports_a_total_not_above_zero(total):
    assert check_title_bands(BANDS, total) == ["Tổng điểm của bảng phải lớn hơn 0."]


@pytest.mark.parametrize(
    ("total", "title"),
    [
        ("100", "Xuất sắc"),
        ("90", "Xuất sắc"),  # a threshold is reached when the total equals it
        ("89.99", "Tốt"),
        ("70", "Tốt"),
        ("50", "Khá"),
        ("49.99", None),
        ("107", "Xuất sắc"),  # bonus points may take a total above 100
        ("-5", None),
    ],
)
def test_title_for_picks_the_highest_threshold_reached(total, title):
    assert title_for(BANDS, D(total)) == title


def test_title_for_without_bands_is_none():
    assert title_for([], D(95)) is None


# --- weights of the criterion tree -------------------------------------------------------------


def test_check_weights_accepts_a_tree_that_adds_up():
    tree = [
        criterion("1", "60"),
        criterion("1.1", "20", "1"),
        criterion("1.2", "40", "1"),
        criterion("1.2.1", "15.5", "1.2"),
        criterion("1.2.2", "24.5", "1.2"),
        criterion("2", "40"),
    ]

    assert check_weights(tree, HUNDRED) == []


def test_check_weights_reports_top_level_criteria_not_adding_up_to_the_total():
    tree = [criterion("1", "60"), criterion("2", "35")]

    assert check_weights(tree, HUNDRED) == [
        "Tổng điểm tối đa các tiêu chí cấp 1 là 95, phải bằng 100."
    ]


def test_check_weights_reports_children_not_adding_up_to_their_parent():
    tree = [
        criterion("1", "80"),
        criterion("1.2", "20", "1"),
        criterion("1.2.1", "10", "1.2"),
        criterion("1.2.2", "8", "1.2"),
        criterion("1.3", "60", "1"),
        criterion("2", "20"),
    ]

    assert check_weights(tree, HUNDRED) == ["Các tiêu chí con của 1.2 cộng lại 18, phải bằng 20."]


def test_check_weights_reports_every_sum_that_is_off():
    tree = [criterion("1", "50"), criterion("1.1", "30.5", "1"), criterion("2", "45")]

    assert check_weights(tree, HUNDRED) == [
        "Tổng điểm tối đa các tiêu chí cấp 1 là 95, phải bằng 100.",
        "Các tiêu chí con của 1 cộng lại 30,5, phải bằng 50.",
    ]


def test_check_weights_reports_an_empty_tree():
    assert check_weights([], HUNDRED) == [
        "Tổng điểm tối đa các tiêu chí cấp 1 là 0, phải bằng 100."
    ]


def test_check_weights_reports_a_repeated_code():
    tree = [criterion("1", "50"), criterion("1", "50")]

    assert check_weights(tree, HUNDRED) == ["Mã tiêu chí “1” bị trùng."]


def test_check_weights_reports_negative_points_and_weights_not_above_zero():
    tree = [criterion("1", "-10"), criterion("2", "110", weight="0")]

    assert check_weights(tree, HUNDRED) == [
        "Điểm tối đa của tiêu chí 1 không được âm.",
        "Trọng số của tiêu chí 2 phải lớn hơn 0.",
    ]


def test_check_weights_reports_an_unknown_parent():
    tree = [criterion("1", "100"), criterion("1.1", "100", "9")]

    assert check_weights(tree, HUNDRED) == [
        "Tiêu chí 1.1 thuộc tiêu chí cha “9” không có trong bảng."
    ]


def test_check_weights_reports_parents_that_form_a_loop():
    tree = [criterion("1", "100"), criterion("2", "5", "3"), criterion("3", "5", "2")]

    assert check_weights(tree, HUNDRED) == ["Các tiêu chí 2, 3 tạo thành vòng lặp cha – con."]


def test_check_weights_reports_a_criterion_that_is_its_own_parent():
    tree = [criterion("1", "100", "1")]

    assert check_weights(tree, HUNDRED) == ["Các tiêu chí 1 tạo thành vòng lặp cha – con."]


# --- versions -----------------------------------------------------------------------------------

VERSIONS = [(1, date(2025, 1, 1)), (3, date(2026, 7, 1)), (2, date(2026, 1, 1))]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2024, 12, 31), None),  # before the first version takes effect
        (date(2025, 1, 1), 1),  # effective on its first day
        (date(2025, 12, 31), 1),
        (date(2026, 1, 1), 2),
        (date(2026, 6, 30), 2),
        (date(2026, 7, 1), 3),
        (date(2030, 12, 31), 3),
    ],
)
def test_select_version_picks_the_latest_effective_version(on, expected):
    assert select_version(VERSIONS, on) == expected


def test_select_version_without_versions_is_none():
    assert select_version([], date(2026, 1, 1)) is None


def test_select_version_prefers_the_higher_number_on_the_same_day():
    versions = [(4, date(2026, 1, 1)), (5, date(2026, 1, 1)), (2, date(2025, 1, 1))]

    assert select_version(versions, date(2026, 3, 1)) == 5
