"""Properties of the scoring functions, for any input hypothesis can think of."""

from datetime import date
from decimal import Decimal
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from thidua.movements.scoring import (
    METHODS,
    PENALTY,
    CriterionSpec,
    RuleSpec,
    check_rule,
    check_title_bands,
    check_weights,
    format_number,
    points_for,
    select_version,
    title_for,
)

CENT = Decimal("0.01")

values = st.decimals(min_value=-(10**9), max_value=10**9, places=4)
maybe_values = st.none() | values
max_points = st.decimals(min_value="0.01", max_value=1000, places=2)
positive_params = st.decimals(min_value="0.01", max_value=100, places=2)


@st.composite
def band_tables(draw, *, higher_is_better, maximum, monotone=True):
    """A contiguous bands table, listed in a random order; its points rise in the better
    direction unless `monotone` is False (then they are random)."""
    count = draw(st.integers(min_value=1, max_value=6))
    cuts = sorted(
        draw(
            st.lists(
                st.decimals(min_value=-1000, max_value=1000, places=2),
                min_size=count + 1,
                max_size=count + 1,
                unique=True,
            )
        )
    )
    points = draw(
        st.lists(
            st.decimals(min_value=0, max_value=maximum, places=2),
            min_size=count,
            max_size=count,
        )
    )
    if monotone:
        points.sort(reverse=not higher_is_better)
    lows = [None if draw(st.booleans()) else cuts[0], *cuts[1:count]]
    highs = [*cuts[1:count], None if draw(st.booleans()) else cuts[count]]

    def as_json(number):
        # Params arrive from JSON as strings or numbers: try both.
        if number is None:
            return None
        return draw(st.sampled_from([str(number), float(number)]))

    bands = [
        {"from": as_json(low), "to": as_json(high), "points": as_json(p)}
        for low, high, p in zip(lows, highs, points, strict=True)
    ]
    return draw(st.permutations(bands))


@st.composite
def valid_rules(draw):
    method = draw(st.sampled_from(METHODS))
    maximum = draw(max_points)
    higher_is_better = draw(st.booleans())
    if method == "bands":
        params = {"bands": draw(band_tables(higher_is_better=higher_is_better, maximum=maximum))}
    elif method == "linear":
        params = {"cap_ratio": str(draw(st.decimals(min_value="0.1", max_value=5, places=2)))}
    elif method in ("bonus", "penalty"):
        params = {"per_unit": str(draw(positive_params))}
    else:
        params = {}
    return RuleSpec(
        method=method, max_points=maximum, params=params, higher_is_better=higher_is_better
    )


@given(valid_rules(), maybe_values, maybe_values)
def test_points_stay_within_the_maximum_for_any_value(spec, value, target):
    assert check_rule(spec) == []

    points = points_for(spec, value, target)

    if spec.method == PENALTY:
        assert -spec.max_points <= points <= 0
    else:
        assert 0 <= points <= spec.max_points
    assert points == points.quantize(CENT)
    assert points.as_tuple().exponent == -2


@given(st.data(), st.booleans(), max_points)
def test_an_accepted_bands_table_is_monotone_in_its_direction(data, higher_is_better, maximum):
    bands = data.draw(band_tables(higher_is_better=higher_is_better, maximum=maximum))
    spec = RuleSpec(
        method="bands",
        max_points=maximum,
        params={"bands": bands},
        higher_is_better=higher_is_better,
    )
    low, high = sorted(data.draw(st.lists(values, min_size=2, max_size=2)))

    assert check_rule(spec) == []
    if higher_is_better:
        assert points_for(spec, low, None) <= points_for(spec, high, None)
    else:
        assert points_for(spec, low, None) >= points_for(spec, high, None)


@given(st.data(), st.booleans())
def test_check_rule_accepts_contiguous_bands_exactly_when_they_are_monotone(data, higher_is_better):
    maximum = Decimal(10)
    bands = data.draw(
        band_tables(higher_is_better=higher_is_better, maximum=maximum, monotone=False)
    )
    spec = RuleSpec(
        method="bands",
        max_points=maximum,
        params={"bands": bands},
        higher_is_better=higher_is_better,
    )
    by_value = sorted(
        bands,
        key=lambda band: (
            Decimal("-Infinity") if band["from"] is None else Decimal(str(band["from"]))
        ),
    )
    points = [Decimal(str(band["points"])) for band in by_value]
    expected = sorted(points, reverse=not higher_is_better)

    accepted = check_rule(spec) == []

    assert accepted == (points == expected)


@st.composite
def near_band_tables(draw):
    """Small tables on an integer grid, contiguous or broken by a few edits (an end moved, a band
    dropped or repeated), with points in any order: many are refused, many accepted."""
    count = draw(st.integers(min_value=1, max_value=4))
    cuts = sorted(
        draw(st.lists(st.integers(0, 8), min_size=count + 1, max_size=count + 1, unique=True))
    )
    bands = [
        {"from": cuts[i], "to": cuts[i + 1], "points": draw(st.integers(0, 3))}
        for i in range(count)
    ]
    if draw(st.booleans()):
        bands[0]["from"] = None
    if draw(st.booleans()):
        bands[-1]["to"] = None
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        index = draw(st.integers(min_value=0, max_value=len(bands) - 1))
        edit = draw(st.sampled_from(["move_from", "move_to", "drop", "repeat"]))
        if edit in ("move_from", "move_to"):
            key = "from" if edit == "move_from" else "to"
            bands[index][key] = (
                None if bands[index][key] is None else bands[index][key] + draw(st.integers(-2, 2))
            )
        elif edit == "drop" and len(bands) > 1:
            del bands[index]
        elif edit == "repeat":
            bands.append(dict(bands[index]))
    return [
        {key: None if value is None else str(value) for key, value in band.items()}
        for band in bands
    ]


@given(
    near_band_tables(),
    st.booleans(),
    st.lists(
        st.integers(min_value=-4, max_value=24).map(lambda n: Decimal(n) / 2),
        min_size=2,
        max_size=2,
    ),
)
def test_any_bands_table_check_rule_accepts_scores_monotonically(bands, higher_is_better, pair):
    spec = RuleSpec(
        method="bands",
        max_points=Decimal(3),
        params={"bands": bands},
        higher_is_better=higher_is_better,
    )
    low, high = sorted(pair)

    if check_rule(spec) != []:
        return

    for value in (low, high):
        holding = [
            band
            for band in bands
            if (band["from"] is None or Decimal(band["from"]) <= value)
            and (band["to"] is None or value < Decimal(band["to"]))
        ]
        assert len(holding) <= 1
    if higher_is_better:
        assert points_for(spec, low, None) <= points_for(spec, high, None)
    else:
        assert points_for(spec, low, None) >= points_for(spec, high, None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
json_params = st.dictionaries(
    st.sampled_from(["bands", "cap_ratio", "per_unit", "other"]),
    json_values
    | st.lists(
        st.dictionaries(st.sampled_from(["from", "to", "points"]), json_values, max_size=3),
        max_size=4,
    ),
    max_size=3,
)


@given(
    st.sampled_from([*METHODS, "", "BANDS", "eval"]),
    st.decimals(allow_nan=True, allow_infinity=True),
    json_params | json_values,
    st.booleans(),
    maybe_values,
)
def test_check_rule_never_crashes_and_an_accepted_rule_always_scores(
    method, maximum, params, higher, value
):
    spec = RuleSpec(method=method, max_points=maximum, params=params, higher_is_better=higher)

    problems = check_rule(spec)

    assert all(isinstance(problem, str) and problem.endswith(".") for problem in problems)
    if not problems:
        points = points_for(spec, value, Decimal(1))
        assert abs(points) <= maximum


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=50),
            st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
        ),
        max_size=8,
    ),
    st.dates(min_value=date(2019, 1, 1), max_value=date(2036, 12, 31)),
)
def test_select_version_is_the_latest_in_force(versions, on):
    chosen = select_version(versions, on)

    in_force = [
        (effective_from, number) for number, effective_from in versions if effective_from <= on
    ]
    if not in_force:
        assert chosen is None
        return
    chosen_from = max(
        effective_from
        for number, effective_from in versions
        if number == chosen and effective_from <= on
    )
    assert all(effective_from <= chosen_from for effective_from, _ in in_force)
    assert chosen == max(
        number for effective_from, number in in_force if effective_from == chosen_from
    )


@given(
    st.lists(st.decimals(min_value=0, max_value=100, places=2), unique=True, max_size=6),
    st.lists(st.decimals(min_value=-10, max_value=120, places=2), min_size=2, max_size=2),
)
def test_title_for_is_monotone_in_the_total(thresholds, pair):
    ranked = sorted(thresholds)
    bands = [(threshold, f"Mức {rank}") for rank, threshold in enumerate(ranked)]
    low, high = sorted(pair)

    def rank_of(total):
        title = title_for(bands, total)
        return -1 if title is None else int(title.removeprefix("Mức "))

    assert check_title_bands(bands, Decimal(100)) == []
    assert rank_of(low) <= rank_of(high)


@st.composite
def criterion_trees(draw):
    """A criterion tree whose points add up: (total, criteria in a random order)."""
    total_cents = draw(st.integers(min_value=1, max_value=100_000))
    criteria = []

    def split(cents):
        count = draw(st.integers(min_value=1, max_value=4))
        cuts = sorted(draw(st.lists(st.integers(0, cents), min_size=count - 1, max_size=count - 1)))
        bounds = [0, *cuts, cents]
        return [high - low for low, high in pairwise(bounds)]

    def grow(parent, cents, depth):
        for index, share in enumerate(split(cents), start=1):
            code = f"{parent}.{index}" if parent else str(index)
            weight = draw(st.decimals(min_value="0.1", max_value=5, places=1))
            criteria.append(
                CriterionSpec(
                    code=code, max_points=Decimal(share) / 100, weight=weight, parent=parent
                )
            )
            if depth < 3 and draw(st.booleans()):
                grow(code, share, depth + 1)

    grow(None, total_cents, 1)
    return Decimal(total_cents) / 100, draw(st.permutations(criteria))


@given(criterion_trees())
def test_check_weights_accepts_any_tree_that_adds_up(tree):
    total, criteria = tree

    assert check_weights(criteria, total) == []


@given(criterion_trees(), st.data(), st.integers(min_value=1, max_value=10_000))
def test_check_weights_rejects_a_tree_with_one_sum_perturbed(tree, data, delta_cents):
    total, criteria = tree
    index = data.draw(st.integers(min_value=0, max_value=len(criteria) - 1))
    changed = criteria[index]
    bumped = CriterionSpec(
        code=changed.code,
        max_points=changed.max_points + Decimal(delta_cents) / 100,
        weight=changed.weight,
        parent=changed.parent,
    )
    perturbed = [*criteria[:index], bumped, *criteria[index + 1 :]]

    problems = check_weights(perturbed, total)

    expected = []
    if changed.parent is None:
        top = sum((c.max_points for c in perturbed if c.parent is None), Decimal(0))
        expected.append(
            f"Tổng điểm tối đa các tiêu chí cấp 1 là {format_number(top)}, phải bằng {format_number(total)}."
        )
    for criterion in perturbed:
        kids = [c for c in perturbed if c.parent == criterion.code]
        kids_sum = sum((c.max_points for c in kids), Decimal(0))
        if kids and criterion.code in (changed.code, changed.parent):
            expected.append(
                f"Các tiêu chí con của {criterion.code} cộng lại {format_number(kids_sum)}, "
                f"phải bằng {format_number(criterion.max_points)}."
            )
    assert problems == expected
    assert problems != []
