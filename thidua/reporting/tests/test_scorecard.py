"""The pure scorecard: criterion points, bonus, penalty, totals, appraisal and fast rules."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.movements.scoring import (
    BANDS,
    BONUS,
    LINEAR,
    PENALTY,
    YES_NO,
    InvalidRuleError,
    RuleSpec,
    points_for,
)
from thidua.reporting.scorecard import (
    CriteriaTree,
    CriterionNode,
    IndicatorPoints,
    RuleScorer,
    appraised_points,
    maximum_total,
    score,
)

D = Decimal
TREE = [
    CriterionNode("TC1", None, D(35)),
    CriterionNode("TC1_1", "TC1", D(20)),
    CriterionNode("TC1_2", "TC1", D(15)),
    CriterionNode("TC2", None, D(65)),
]


def _earned(*items: tuple[str, str, str]) -> list[IndicatorPoints]:
    return [IndicatorPoints(criterion, method, D(points)) for criterion, method, points in items]


def test_score_caps_leaves_and_parents_sum_children() -> None:
    card = score(
        TREE,
        _earned(
            ("TC1_1", LINEAR, "15"),
            ("TC1_1", BANDS, "10"),  # 25 capped at 20
            ("TC1_2", YES_NO, "7.5"),
            ("TC2", BANDS, "30"),
        ),
    )

    assert dict(card.criteria) == {
        "TC1": D("27.50"),
        "TC1_1": D(20),
        "TC1_2": D("7.5"),
        "TC2": D(30),
    }
    assert (card.criteria_total, card.total) == (D("57.50"), D("57.50"))
    assert card.top_points() == (D("27.50"), D(30))


def test_score_keeps_bonus_and_penalty_outside_the_criteria() -> None:
    card = score(
        TREE,
        _earned(("TC2", BANDS, "60"), ("TC2", BONUS, "5"), ("TC1_2", PENALTY, "-8")),
    )

    assert (card.criteria["TC2"], card.bonus, card.penalty) == (D(60), D(5), D(8))
    assert card.total == D(57)


def test_score_total_never_below_zero() -> None:
    card = score(TREE, _earned(("TC2", BANDS, "3"), ("TC2", PENALTY, "-10")))

    assert card.total == D(0)


def test_score_appraisal_replaces_a_leaf_and_its_parent_follows() -> None:
    earned = _earned(("TC1_1", LINEAR, "20"), ("TC1_2", LINEAR, "15"), ("TC2", BANDS, "65"))

    card = score(TREE, earned, {"TC1_2": D(5)})

    assert (card.criteria["TC1_2"], card.criteria["TC1"], card.total) == (D(5), D(25), D(90))


def test_score_appraisal_of_a_parent_overrides_its_children_sum() -> None:
    earned = _earned(("TC1_1", LINEAR, "20"), ("TC1_2", LINEAR, "15"))

    card = score(TREE, earned, {"TC1": D(10), "TC2": D(99)})

    assert (card.criteria["TC1"], card.criteria["TC2"], card.total) == (D(10), D(65), D(75))


def test_score_ignores_indicators_of_unknown_criteria_and_loops() -> None:
    tree = [
        CriterionNode("A", None, D(10)),
        CriterionNode("L1", "L2", D(5)),
        CriterionNode("L2", "L1", D(5)),
    ]

    card = score(tree, _earned(("X", BANDS, "4"), ("L1", BANDS, "4"), ("A", BANDS, "4")))

    assert dict(card.criteria) == {"A": D(4), "L1": D(0), "L2": D(0)}
    assert card.total == D(4)


def test_maximum_total_adds_bonus_rules() -> None:
    assert maximum_total(TREE, [D(5), D("2.5")]) == D("107.5")


# --- properties -------------------------------------------------------------------------------

points = st.decimals(min_value=-50, max_value=150, places=2)
methods = st.sampled_from([BANDS, LINEAR, YES_NO, BONUS, PENALTY])


@st.composite
def trees(draw):
    """A criteria tree of up to 3 levels with random maxima (children need not add up)."""
    count = draw(st.integers(min_value=1, max_value=8))
    nodes: list[CriterionNode] = []
    for index in range(count):
        parent = draw(st.none() | st.sampled_from([n.code for n in nodes])) if nodes else None
        nodes.append(
            CriterionNode(
                f"C{index}", parent, draw(st.decimals(min_value=0, max_value=50, places=2))
            )
        )
    return nodes


@st.composite
def scored(draw):
    tree = draw(trees())
    codes = [node.code for node in tree]
    earned = draw(
        st.lists(
            st.builds(IndicatorPoints, st.sampled_from([*codes, "ZZ"]), methods, points),
            max_size=20,
        )
    )
    adjustments = draw(st.dictionaries(st.sampled_from(codes), points, max_size=3))
    return tree, earned, adjustments


@given(scored())
def test_points_never_exceed_the_maxima(case) -> None:
    tree, earned, adjustments = case

    card = score(tree, earned, adjustments)

    for node in tree:
        assert D(0) <= card.criteria[node.code] <= max(node.max_points, D(0))


@given(scored())
def test_total_within_zero_and_table_total_plus_bonus(case) -> None:
    tree, earned, adjustments = case
    bonus_max = sum((max(item.points, D(0)) for item in earned if item.method == BONUS), D(0))

    card = score(tree, earned, adjustments)

    assert D(0) <= card.total <= maximum_total(tree, [bonus_max])
    assert card.total == max(card.criteria_total + card.bonus - card.penalty, D(0))


@given(scored())
def test_parents_never_exceed_the_sum_of_children_without_adjustment(case) -> None:
    tree, earned, _ = case

    card = score(tree, earned)

    own: dict[str, Decimal] = {}
    for item in earned:
        if item.method in (BANDS, LINEAR, YES_NO):
            own[item.criterion] = own.get(item.criterion, D(0)) + max(item.points, D(0))
    for node in tree:
        kids = sum((card.criteria[n.code] for n in tree if n.parent == node.code), D(0))
        assert card.criteria[node.code] == min(own.get(node.code, D(0)) + kids, node.max_points)


# --- RuleScorer --------------------------------------------------------------------------------

BAND_RULE = RuleSpec(
    BANDS,
    D(8),
    {
        "bands": [
            {"from": "95", "to": None, "points": "8"},
            {"from": "0", "to": "50", "points": "0"},
            {"from": "50", "to": "80", "points": "3"},
            {"from": "80", "to": "95", "points": 6},
        ]
    },
    True,
)
LOWER_BANDS = RuleSpec(
    BANDS,
    D(10),
    {"bands": [{"from": "0", "to": "2", "points": "10"}, {"from": "2", "to": "5", "points": "4"}]},
    False,
)
values = st.none() | st.decimals(min_value=-200, max_value=200, places=4)
targets = st.none() | st.decimals(min_value=-10, max_value=200, places=2)


@pytest.mark.parametrize(
    "spec",
    [
        BAND_RULE,
        LOWER_BANDS,
        RuleSpec(LINEAR, D(20), {"cap_ratio": "1.2"}, True),
        RuleSpec(LINEAR, D(20), {}, False),
        RuleSpec(YES_NO, D(4), {}, True),
        RuleSpec(PENALTY, D(10), {"per_unit": "5"}, False),
    ],
    ids=["bands", "bands-lower", "linear", "linear-lower", "yes-no", "penalty"],
)
@given(value=values, target=targets)
def test_rule_scorer_agrees_with_points_for(spec: RuleSpec, value, target) -> None:
    assert RuleScorer(spec)(value, target) == points_for(spec, value, target)


def test_rule_scorer_refuses_a_broken_rule() -> None:
    with pytest.raises(InvalidRuleError):
        RuleScorer(RuleSpec(BANDS, D(8), {"bands": []}, True))


# --- appraised points from stored self points ----------------------------------------------------


@given(scored())
def test_appraised_points_agree_with_score_when_parents_have_no_own_indicators(case) -> None:
    tree, earned, adjustments = case
    parents = {node.parent for node in tree if node.parent is not None}
    earned = [item for item in earned if item.criterion not in parents]
    prepared = CriteriaTree(tree)
    self_card = score(prepared, earned)

    appraised = appraised_points(prepared, self_card.criteria, adjustments)

    assert appraised == dict(score(prepared, earned, adjustments).criteria)
