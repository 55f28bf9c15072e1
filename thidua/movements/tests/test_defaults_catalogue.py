"""The default movement's catalogue (defaults.py) is valid by the pure modules' own checks."""

import re
from decimal import Decimal

from thidua.movements import defaults
from thidua.movements.enums import (
    Aggregation,
    AreaKind,
    Direction,
    MovementKind,
    ReviewKind,
    ScoringMethod,
    ValueType,
)
from thidua.movements.formulas import (
    check_references,
    evaluate,
    evaluate_all,
    evaluation_order,
    parse,
)
from thidua.movements.periods import check_period_dates, generate_periods
from thidua.movements.scoring import (
    CriterionSpec,
    RuleSpec,
    check_rule,
    check_title_bands,
    check_weights,
    points_for,
    title_for,
)

INDICATOR_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")
EXTRA_POINTS = {"bonus", "penalty"}  # on top of the 100 points


def _spec(indicator: defaults.IndicatorDef) -> RuleSpec:
    assert indicator.rule is not None
    return RuleSpec(
        method=indicator.rule.method,
        max_points=indicator.rule.max_points,
        params=indicator.rule.params,
        higher_is_better=indicator.direction == Direction.HIGHER_IS_BETTER,
    )


def _scored() -> list[defaults.IndicatorDef]:
    return [indicator for indicator in defaults.INDICATORS if indicator.rule is not None]


def test_movement_is_thematic_2025_to_2030_citing_kh_190():
    assert defaults.MOVEMENT_KIND == MovementKind.THEMATIC
    assert (defaults.MOVEMENT_START.year, defaults.MOVEMENT_END.year) == (2025, 2030)
    assert "Kế hoạch số 190/KH-UBND ngày 18/7/2025" in defaults.LEGAL_BASIS


def test_areas_are_five_contents_and_four_solution_groups():
    kinds = [area.kind for area in defaults.AREAS]

    assert kinds.count(AreaKind.CONTENT) == 5
    assert kinds.count(AreaKind.SOLUTION) == 4
    assert len({area.code for area in defaults.AREAS}) == 9
    assert all(area.keywords for area in defaults.AREAS)


def test_phases_lie_in_the_movement_one_after_the_other_ending_with_the_final_review():
    phases = defaults.PHASES

    assert [(p.number, p.review_kind) for p in phases] == [
        (1, ReviewKind.PRELIMINARY),
        (2, ReviewKind.FINAL),
    ]
    assert phases[0].start == defaults.MOVEMENT_START
    assert phases[-1].end == defaults.MOVEMENT_END
    assert phases[0].end < phases[1].start
    assert [p.review_date.year for p in phases] == [2027, 2030]
    assert all(p.start <= p.review_date for p in phases)


def test_criteria_share_out_100_points_by_the_scoring_check():
    specs = [
        CriterionSpec(code=c.code, max_points=c.max_points, weight=c.weight, parent=c.parent)
        for c in defaults.CRITERIA
    ]

    assert check_weights(specs, defaults.TOTAL_POINTS) == []
    assert sum(c.max_points for c in defaults.CRITERIA if c.parent is None) == Decimal(100)


def test_criteria_refer_to_known_areas_and_parents_listed_before_children():
    areas = {area.code for area in defaults.AREAS}
    seen: set[str] = set()
    for criterion in defaults.CRITERIA:
        assert criterion.area in areas
        assert criterion.parent is None or criterion.parent in seen
        seen.add(criterion.code)


def test_indicators_have_valid_codes_types_and_sit_on_leaf_criteria():
    codes = [i.code for i in defaults.INDICATORS]
    parents = {c.parent for c in defaults.CRITERIA}
    criteria = {c.code for c in defaults.CRITERIA}

    assert len(codes) == len(set(codes))
    assert all(INDICATOR_CODE.match(code) for code in codes)
    for indicator in defaults.INDICATORS:
        assert indicator.criterion in criteria
        assert indicator.criterion not in parents
        assert indicator.value_type in ValueType.values
        assert indicator.direction in Direction.values
        assert indicator.aggregation in Aggregation.values
        assert indicator.rule is None or indicator.rule.method in ScoringMethod.values


def test_formulas_parse_refer_to_known_indicators_and_have_no_cycle():
    formulas = {i.code: parse(i.formula) for i in defaults.INDICATORS if i.formula}
    known = [i.code for i in defaults.INDICATORS]

    assert sorted(formulas) == ["TL_KHONG_TIEN_MAT", "TL_SU_CO_XU_LY"]
    assert check_references(formulas, known) == []
    assert sorted(evaluation_order(formulas)) == ["TL_KHONG_TIEN_MAT", "TL_SU_CO_XU_LY"]


def test_formulas_compute_the_shares():
    cashless = parse(next(i.formula for i in defaults.INDICATORS if i.code == "TL_KHONG_TIEN_MAT"))
    incidents = parse(next(i.formula for i in defaults.INDICATORS if i.code == "TL_SU_CO_XU_LY"))

    assert evaluate(cashless, {"SO_GD_KHONG_TIEN_MAT": Decimal(30), "TONG_GD": Decimal(40)}) == 75
    assert evaluate(
        incidents, {"SO_SU_CO_PHAT_HIEN": Decimal(0), "SO_SU_CO_DA_XU_LY": Decimal(0)}
    ) == Decimal(100)
    assert evaluate(
        incidents, {"SO_SU_CO_PHAT_HIEN": Decimal(4), "SO_SU_CO_DA_XU_LY": Decimal(3)}
    ) == Decimal(75)


def test_every_rule_is_valid_by_the_scoring_check():
    problems = {i.code: check_rule(_spec(i)) for i in _scored()}

    assert problems == {i.code: [] for i in _scored()}


def test_rules_fill_each_leaf_criterion_and_bonus_and_penalty_come_on_top():
    points = {c.code: c.max_points for c in defaults.CRITERIA}
    parents = {c.parent for c in defaults.CRITERIA}
    sums: dict[str, Decimal] = {code: Decimal(0) for code in points if code not in parents}
    for indicator in _scored():
        assert indicator.rule is not None
        if indicator.rule.method not in EXTRA_POINTS:
            sums[indicator.criterion] += indicator.rule.max_points

    assert sums == {code: points[code] for code in sums}
    assert [(i.code, i.rule.method) for i in _scored() if i.rule.method in EXTRA_POINTS] == [
        ("SO_SU_CO_DO_DON_VI", "penalty"),
        ("SO_KHEN_CAP_TREN", "bonus"),
    ]


def test_a_unit_meeting_every_2026_target_scores_exactly_100():
    entered = {
        i.code: i.targets.get(2026, Decimal(0)) for i in defaults.INDICATORS if not i.formula
    }
    entered |= {
        "SO_GD_KHONG_TIEN_MAT": Decimal(60),
        "TONG_GD": Decimal(100),
        "SO_SU_CO_PHAT_HIEN": Decimal(0),
        "SO_SU_CO_DA_XU_LY": Decimal(0),
    }
    formulas = {i.code: parse(i.formula) for i in defaults.INDICATORS if i.formula}
    values = entered | evaluate_all(formulas, entered)

    points = {i.code: points_for(_spec(i), values[i.code], i.targets.get(2026)) for i in _scored()}

    assert points["TL_KHONG_TIEN_MAT"] == Decimal(5)
    assert sum(points.values()) == Decimal(100)


def test_scored_indicators_have_a_target_every_year_except_the_bonus():
    missing = [i.code for i in _scored() if sorted(i.targets) != list(defaults.YEARS)]

    assert missing == ["SO_KHEN_CAP_TREN"]
    assert all(
        Decimal(0) <= value <= Decimal(100)
        for i in defaults.INDICATORS
        if i.value_type == ValueType.PERCENTAGE
        for value in i.targets.values()
    )


def test_title_bands_are_valid_and_map_totals_to_titles():
    bands = list(defaults.TITLE_BANDS)

    assert check_title_bands(bands, defaults.TOTAL_POINTS) == []
    assert [title_for(bands, Decimal(total)) for total in (95, 90, 85, 70, 55, 10)] == [
        "Xuất sắc",
        "Xuất sắc",
        "Tốt",
        "Khá",
        "Trung bình",
        "Chưa đạt",
    ]


def test_default_periods_are_quarters_half_years_and_years_with_valid_dates():
    specs = generate_periods(
        defaults.MOVEMENT_START,
        defaults.MOVEMENT_END,
        defaults.PERIOD_KINDS,
        due_after_days=defaults.PERIODS_DUE_AFTER_DAYS,
        lock_after_days=defaults.PERIODS_LOCK_AFTER_DAYS,
        opens_before_end_days=defaults.PERIODS_OPEN_BEFORE_END_DAYS,
    )

    counts = {kind: sum(1 for s in specs if s.kind == kind) for kind in defaults.PERIOD_KINDS}
    assert counts == {"quarter": 22, "half_year": 11, "year": 6}
    assert specs[0].name == "Quý III/2025"
    assert all(
        check_period_dates(s.opens_on, s.due_on, s.locks_on, s.start, s.end) == [] for s in specs
    )


def test_registration_round_of_2026_opens_in_january_with_a_march_deadline():
    assert [d.isoformat() for d in defaults.round_dates(2026)] == ["2026-01-01", "2026-03-31"]
