"""`scoring.check_rule`: every problem of a scoring rule, in Vietnamese, before it is saved."""

from decimal import Decimal

import pytest

from thidua.movements import scoring
from thidua.movements.enums import ScoringMethod
from thidua.movements.scoring import RuleSpec, check_rule


def band(low, high, points):
    return {"from": low, "to": high, "points": points}


def bands_rule(*bands, max_points="10", higher_is_better=True):
    return RuleSpec(
        method="bands",
        max_points=Decimal(max_points),
        params={"bands": list(bands)},
        higher_is_better=higher_is_better,
    )


def test_methods_are_the_values_of_the_scoring_method_choices():
    assert list(scoring.METHODS) == list(ScoringMethod.values)


def test_check_rule_accepts_a_contiguous_rising_bands_table():
    rule = bands_rule(band("0", "50", "0"), band("50", "80", "5"), band("80", None, "10"))

    assert check_rule(rule) == []


def test_check_rule_accepts_bands_listed_in_any_order():
    rule = bands_rule(band("80", None, "10"), band("0", "50", "0"), band("50", "80", "5"))

    assert check_rule(rule) == []


def test_check_rule_accepts_numbers_as_json_numbers():
    rule = bands_rule(band(0, 50.5, 0), band(50.5, None, 7.5))

    assert check_rule(rule) == []


def test_check_rule_accepts_a_band_unbounded_below():
    rule = bands_rule(
        band(None, "1", "10"), band("1", "3", "5"), band("3", None, "0"), higher_is_better=False
    )

    assert check_rule(rule) == []


def test_check_rule_reports_overlapping_bands():
    rule = bands_rule(band("0", "60", "0"), band("50", "80", "5"), band("80", None, "10"))

    assert check_rule(rule) == ["Khoảng 2 (50 – 80) chồng lên khoảng 1 (0 – 60)."]


def test_check_rule_reports_a_band_inside_an_unbounded_one():
    rule = bands_rule(band("0", None, "5"), band("80", "90", "10"))

    assert check_rule(rule) == ["Khoảng 2 (80 – 90) chồng lên khoảng 1 (từ 0 trở lên)."]


def test_check_rule_reports_two_bands_unbounded_below():
    rule = bands_rule(band(None, "10", "0"), band(None, "20", "5"), band("20", None, "10"))

    assert check_rule(rule) == ["Khoảng 2 (dưới 20) chồng lên khoảng 1 (dưới 10)."]


def test_check_rule_reports_an_overlap_with_a_wide_band_not_next_to_it():
    rule = bands_rule(band("0", "100", "5"), band("10", "20", "5"), band("20", "30", "5"))

    assert check_rule(rule) == [
        "Khoảng 2 (10 – 20) chồng lên khoảng 1 (0 – 100).",
        "Khoảng 3 (20 – 30) chồng lên khoảng 1 (0 – 100).",
    ]


def test_check_rule_reports_a_gap_between_bands():
    rule = bands_rule(band("0", "50", "0"), band("60", "80", "5"), band("80", None, "10"))

    assert check_rule(rule) == ["Có khoảng trống giữa 50 và 60."]


def test_check_rule_shows_decimals_the_vietnamese_way():
    rule = bands_rule(band("0", "50.5", "0"), band("60.25", None, "10"))

    assert check_rule(rule) == ["Có khoảng trống giữa 50,5 và 60,25."]


def test_check_rule_reports_points_falling_when_higher_is_better():
    rule = bands_rule(band("0", "50", "0"), band("50", "80", "5"), band("80", None, "4"))

    assert check_rule(rule) == [
        "Điểm phải tăng dần theo giá trị khi chỉ tiêu càng cao càng tốt "
        "(khoảng 3 cho 4 điểm, ít hơn khoảng 2 cho 5 điểm)."
    ]


def test_check_rule_reports_points_rising_when_lower_is_better():
    rule = bands_rule(
        band("0", "1", "10"), band("1", "3", "5"), band("3", None, "6"), higher_is_better=False
    )

    assert check_rule(rule) == [
        "Điểm phải giảm dần theo giá trị khi chỉ tiêu càng thấp càng tốt "
        "(khoảng 3 cho 6 điểm, nhiều hơn khoảng 2 cho 5 điểm)."
    ]


def test_check_rule_accepts_equal_points_in_neighbouring_bands():
    rule = bands_rule(band("0", "50", "5"), band("50", None, "5"))

    assert check_rule(rule) == []


def test_check_rule_reports_band_points_above_the_maximum():
    rule = bands_rule(band("0", "50", "0"), band("50", None, "12"))

    assert check_rule(rule) == ["Điểm của một khoảng (12) vượt điểm tối đa (10)."]


def test_check_rule_reports_negative_band_points():
    rule = bands_rule(band("0", "50", "-2"), band("50", None, "10"))

    assert check_rule(rule) == ["Điểm của một khoảng (-2) không được âm."]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("abc", "abc"),
        ("2,5", "2,5"),
        ("1e3", "1e3"),
        ("", ""),
        (True, "True"),
        ([1], "[1]"),
        ("NaN", "NaN"),
        ("٣", "٣"),  # a digit, but not one Vietnamese officers type
        ("1_000", "1_000"),
    ],
)
def test_check_rule_reports_a_value_that_is_not_a_number(raw, shown):
    rule = bands_rule(band("0", "50", "0"), band("50", None, raw))

    problems = check_rule(rule)

    expected = (
        "Khoảng 2 chưa có điểm." if raw == "" else f"Giá trị “{shown}” ở khoảng 2 không phải là số."
    )
    assert problems == [expected]


def test_check_rule_reports_an_infinite_float():
    rule = bands_rule(band("0", float("inf"), "0"))

    assert check_rule(rule) == ["Giá trị “inf” ở khoảng 1 không phải là số."]


def test_check_rule_reports_a_value_too_large():
    rule = bands_rule(band("0", "1000000000000", "0"))

    assert check_rule(rule) == ["Giá trị “1000000000000” ở khoảng 1 quá lớn."]


def test_check_rule_reports_a_band_whose_from_is_not_below_its_to():
    rule = bands_rule(band("0", "50", "0"), band("80", "50", "5"))

    assert check_rule(rule) == ["Ở khoảng 2, giá trị “từ” (80) phải nhỏ hơn giá trị “đến” (50)."]


def test_check_rule_reports_missing_keys_of_a_band():
    rule = bands_rule({"from": "0"}, band("0", None, "1"))

    assert check_rule(rule) == [
        "Khoảng 1 thiếu giá trị “đến”.",
        "Khoảng 1 thiếu giá trị điểm.",
    ]


def test_check_rule_reports_a_band_without_points():
    rule = bands_rule(band("0", None, None))

    assert check_rule(rule) == ["Khoảng 1 chưa có điểm."]


def test_check_rule_reports_a_band_that_is_not_an_object():
    rule = bands_rule("0-50", band("0", None, "1"))

    assert check_rule(rule) == ["Khoảng 1 không hợp lệ."]


@pytest.mark.parametrize("params", [{}, {"bands": []}, {"bands": None}])
def test_check_rule_reports_a_bands_table_without_bands(params):
    rule = RuleSpec(method="bands", max_points=Decimal(10), params=params, higher_is_better=True)

    assert check_rule(rule) == ["Bảng điểm theo khoảng chưa có khoảng nào."]


def test_check_rule_reports_bands_that_are_not_a_list():
    rule = RuleSpec(
        method="bands", max_points=Decimal(10), params={"bands": "0-50:0"}, higher_is_better=True
    )

    assert check_rule(rule) == ["Danh sách khoảng của bảng điểm không hợp lệ."]


def test_check_rule_reports_params_that_are_not_an_object():
    rule = RuleSpec(method="yes_no", max_points=Decimal(10), params=["x"], higher_is_better=True)

    assert check_rule(rule) == ["Tham số của quy tắc chấm điểm phải là một đối tượng JSON."]


def test_check_rule_reports_an_unknown_method():
    rule = RuleSpec(method="random", max_points=Decimal(10), params={}, higher_is_better=True)

    assert check_rule(rule) == [
        "Cách tính điểm “random” không được hỗ trợ "
        "(chỉ có: theo khoảng, tuyến tính, có/không, điểm thưởng, điểm trừ)."
    ]


@pytest.mark.parametrize(
    ("max_points", "expected"),
    [
        (Decimal(0), "Điểm tối đa phải lớn hơn 0."),
        (Decimal(-5), "Điểm tối đa phải lớn hơn 0."),
        (Decimal("2.555"), "Điểm tối đa chỉ được có nhiều nhất 2 chữ số thập phân."),
        (Decimal(1_000_000), "Điểm tối đa phải nhỏ hơn 1.000.000."),
        (Decimal("NaN"), "Điểm tối đa “NaN” không phải là số."),
    ],
)
def test_check_rule_reports_a_bad_maximum(max_points, expected):
    rule = RuleSpec(method="yes_no", max_points=max_points, params={}, higher_is_better=True)

    assert check_rule(rule) == [expected]


def test_check_rule_does_not_compare_band_points_with_a_bad_maximum():
    rule = bands_rule(band("0", None, "5"), max_points="0")

    assert check_rule(rule) == ["Điểm tối đa phải lớn hơn 0."]


def test_check_rule_accepts_linear_without_a_target():
    rule = RuleSpec(
        method="linear", max_points=Decimal(10), params={"cap_ratio": "1.2"}, higher_is_better=True
    )

    assert check_rule(rule) == []


def test_check_rule_takes_a_cap_ratio_of_one_when_absent():
    rule = RuleSpec(method="linear", max_points=Decimal(10), params={}, higher_is_better=True)

    assert check_rule(rule) == []


@pytest.mark.parametrize(
    ("cap_ratio", "expected"),
    [
        ("0", "Hệ số trần phải lớn hơn 0."),
        (-1, "Hệ số trần phải lớn hơn 0."),
        ("abc", "Hệ số trần “abc” không phải là số."),
        ("1e20", "Hệ số trần “1e20” không phải là số."),
        ("99999999999999", "Hệ số trần quá lớn."),
    ],
)
def test_check_rule_reports_a_bad_cap_ratio(cap_ratio, expected):
    rule = RuleSpec(
        method="linear",
        max_points=Decimal(10),
        params={"cap_ratio": cap_ratio},
        higher_is_better=True,
    )

    assert check_rule(rule) == [expected]


def test_check_rule_accepts_yes_no_without_params():
    rule = RuleSpec(method="yes_no", max_points=Decimal(5), params={}, higher_is_better=False)

    assert check_rule(rule) == []


@pytest.mark.parametrize(
    ("method", "params", "expected"),
    [
        ("bonus", {"per_unit": "2"}, []),
        ("penalty", {"per_unit": 5}, []),
        ("bonus", {}, ["Chưa có số điểm thưởng cho mỗi đơn vị."]),
        ("penalty", {"per_unit": ""}, ["Chưa có số điểm trừ cho mỗi đơn vị."]),
        ("bonus", {"per_unit": "0"}, ["Số điểm thưởng cho mỗi đơn vị phải lớn hơn 0."]),
        ("penalty", {"per_unit": "-5"}, ["Số điểm trừ cho mỗi đơn vị phải lớn hơn 0."]),
        ("penalty", {"per_unit": "năm"}, ["Số điểm trừ cho mỗi đơn vị “năm” không phải là số."]),
        ("bonus", {"per_unit": "1" + "0" * 12}, ["Số điểm thưởng cho mỗi đơn vị quá lớn."]),
    ],
)
def test_check_rule_checks_points_per_unit_of_bonus_and_penalty(method, params, expected):
    rule = RuleSpec(method=method, max_points=Decimal(10), params=params, higher_is_better=True)

    assert check_rule(rule) == expected


def test_check_rule_reports_every_problem_at_once():
    rule = bands_rule(
        band("0", "60", "0"), band("50", "80", "12"), band("90", None, "x"), max_points="10"
    )

    assert check_rule(rule) == [
        "Điểm của một khoảng (12) vượt điểm tối đa (10).",
        "Giá trị “x” ở khoảng 3 không phải là số.",
        "Khoảng 2 (50 – 80) chồng lên khoảng 1 (0 – 60).",
    ]
