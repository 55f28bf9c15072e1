"""`scoring.points_for`: table tests for each method, both directions, rounding and bad input."""

from decimal import Decimal

import pytest

from thidua.movements.scoring import InvalidRuleError, RuleSpec, points_for

D = Decimal

PERCENT_BANDS = {
    "bands": [
        {"from": "0", "to": "50", "points": "0"},
        {"from": "50", "to": "80", "points": "5"},
        {"from": "80", "to": "100", "points": "10"},
    ]
}
INCIDENT_BANDS = {
    "bands": [
        {"from": "0", "to": "1", "points": "10"},
        {"from": "1", "to": "3", "points": "5"},
        {"from": "3", "to": None, "points": "0"},
    ]
}


def rule(method, params=None, *, max_points="10", higher_is_better=True):
    return RuleSpec(
        method=method,
        max_points=D(max_points),
        params=params if params is not None else {},
        higher_is_better=higher_is_better,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-0.01", "0.00"),  # below the first band's "from": the worse side, 0
        ("0", "0.00"),
        ("49.99", "0.00"),
        ("50", "5.00"),  # exactly on a "from": that band
        ("79.999", "5.00"),
        ("80", "10.00"),
        ("99.5", "10.00"),
        ("100", "10.00"),  # on the last "to" (exclusive): the better side, the best band
        ("250", "10.00"),
    ],
)
def test_points_for_bands_higher_is_better(value, expected):
    assert points_for(rule("bands", PERCENT_BANDS), D(value), None) == D(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-1", "10.00"),  # below the first band when lower is better: the better side
        ("0", "10.00"),
        ("0.5", "10.00"),
        ("1", "5.00"),
        ("2.99", "5.00"),
        ("3", "0.00"),
        ("1000", "0.00"),
    ],
)
def test_points_for_bands_lower_is_better(value, expected):
    scored = rule("bands", INCIDENT_BANDS, higher_is_better=False)

    assert points_for(scored, D(value), None) == D(expected)


def test_points_for_bands_above_a_closed_table_when_lower_is_better_is_zero():
    params = {
        "bands": [
            {"from": "0", "to": "5", "points": "10"},
            {"from": "5", "to": "10", "points": "4"},
        ]
    }

    assert points_for(rule("bands", params, higher_is_better=False), D(10), None) == D("0.00")


def test_points_for_bands_ignores_the_target():
    assert points_for(rule("bands", PERCENT_BANDS), D(60), D(90)) == D("5.00")


def test_points_for_bands_listed_out_of_order():
    params = {"bands": list(reversed(PERCENT_BANDS["bands"]))}

    assert points_for(rule("bands", params), D(60), None) == D("5.00")


def test_points_for_bands_rounds_band_points_half_up():
    params = {"bands": [{"from": "0", "to": None, "points": "2.345"}]}

    assert points_for(rule("bands", params), D(1), None) == D("2.35")


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        ("0", "80", "0.00"),
        ("-5", "80", "0.00"),
        ("40", "80", "5.00"),
        ("80", "80", "10.00"),
        ("120", "80", "10.00"),  # capped at the maximum
        ("1", "3", "3.33"),
        ("2", "3", "6.67"),  # 6,666… rounded half up
        ("0.0001", "80", "0.00"),
        ("5", "0", "10.00"),  # a target of 0 is met by any value not below it
        ("0", "0", "10.00"),
        ("-1", "0", "0.00"),
        ("-1", "-2", "10.00"),
        ("-3", "-2", "0.00"),
    ],
)
def test_points_for_linear_higher_is_better(value, target, expected):
    assert points_for(rule("linear", {"cap_ratio": "1"}), D(value), D(target)) == D(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("60", "5.00"), ("120", "10.00"), ("100", "8.33"), ("200", "10.00")],
)
def test_points_for_linear_with_a_cap_ratio(value, expected):
    # Full points only at 120 % of the target; reaching the target earns 10 / 1,2.
    scored = rule("linear", {"cap_ratio": "1.2"})

    assert points_for(scored, D(value), D(100)) == D(expected)


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        ("0", "2", "10.00"),
        ("-1", "2", "10.00"),
        ("1", "2", "10.00"),
        ("2", "2", "10.00"),
        ("4", "2", "5.00"),
        ("3", "2", "6.67"),
        ("0", "0", "10.00"),  # value ≤ 0 meets any target
        ("1", "0", "0.00"),  # a target of 0 exceeded
    ],
)
def test_points_for_linear_lower_is_better(value, target, expected):
    scored = rule("linear", {"cap_ratio": "1"}, higher_is_better=False)

    assert points_for(scored, D(value), D(target)) == D(expected)


@pytest.mark.parametrize("higher_is_better", [True, False])
def test_points_for_linear_without_a_target_is_zero(higher_is_better):
    scored = rule("linear", {}, higher_is_better=higher_is_better)

    assert points_for(scored, D(50), None) == D("0.00")


@pytest.mark.parametrize(
    ("value", "higher_is_better", "expected"),
    [
        ("1", True, "5.00"),
        ("0", True, "0.00"),
        ("1", False, "0.00"),  # "had a security incident": yes earns nothing
        ("0", False, "5.00"),
        ("2", True, "5.00"),  # any value but 0 is yes
    ],
)
def test_points_for_yes_no(value, higher_is_better, expected):
    scored = rule("yes_no", max_points="5", higher_is_better=higher_is_better)

    assert points_for(scored, D(value), None) == D(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", "0.00"), ("1", "2.00"), ("2.5", "5.00"), ("5", "10.00"), ("6", "10.00"), ("-1", "0.00")],
)
def test_points_for_bonus_is_capped_at_the_maximum(value, expected):
    assert points_for(rule("bonus", {"per_unit": "2"}), D(value), None) == D(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "0.00"),
        ("1", "-5.00"),
        ("2", "-10.00"),
        ("3", "-10.00"),
        ("0.333", "-1.67"),
        ("-2", "0.00"),
    ],
)
def test_points_for_penalty_is_capped_at_minus_the_maximum(value, expected):
    assert points_for(rule("penalty", {"per_unit": "5"}), D(value), None) == D(expected)


def test_points_for_penalty_of_nothing_is_a_plain_zero():
    points = points_for(rule("penalty", {"per_unit": "5"}), D("0.0001"), None)

    assert str(points) == "0.00"


@pytest.mark.parametrize(
    ("method", "params", "higher_is_better"),
    [
        ("bands", PERCENT_BANDS, True),
        ("bands", INCIDENT_BANDS, False),
        ("linear", {}, True),
        ("linear", {}, False),
        ("yes_no", {}, True),
        ("yes_no", {}, False),
        ("bonus", {"per_unit": "2"}, True),
        ("penalty", {"per_unit": "2"}, True),
    ],
)
def test_points_for_a_value_not_entered_is_zero(method, params, higher_is_better):
    scored = rule(method, params, higher_is_better=higher_is_better)

    assert str(points_for(scored, None, D(10))) == "0.00"


def test_points_for_refuses_a_rule_check_rule_refuses():
    scored = rule("bands", {"bands": [{"from": "0", "to": "50", "points": "12"}]})

    with pytest.raises(InvalidRuleError) as raised:
        points_for(scored, D(10), None)

    assert raised.value.problems == ["Điểm của một khoảng (12) vượt điểm tối đa (10)."]


@pytest.mark.parametrize(
    ("value", "target"), [(D("NaN"), None), (D("Infinity"), None), (D(1), D("NaN"))]
)
def test_points_for_refuses_a_value_that_is_not_finite(value, target):
    with pytest.raises(ValueError, match="phải là số hữu hạn"):
        points_for(rule("linear", {}), value, target)
