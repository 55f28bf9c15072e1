"""The council's view of the reviews: mean, median, spread, normalised scores and outliers."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.initiatives.review_stats import (
    RoundStats,
    ScoredReview,
    for_display,
    median,
    population_sd,
    round_stats,
)

D = Decimal


def _reviews(*triples: tuple[int, int, str]) -> list[ScoredReview]:
    return [ScoredReview(initiative=i, reviewer=r, total=D(t)) for i, r, t in triples]


def test_round_stats_of_no_reviews_is_empty() -> None:
    stats = round_stats([])

    assert (stats.count, stats.mean, stats.sd, dict(stats.initiatives), list(stats.reviews)) == (
        0,
        None,
        None,
        {},
        [],
    )


def test_initiative_stats_give_count_mean_median_and_spread() -> None:
    stats = round_stats(_reviews((1, 10, "60"), (1, 11, "70"), (1, 12, "92")))

    one = stats.initiatives[1]
    assert (one.count, one.mean, one.median, one.minimum, one.maximum, one.spread) == (
        3,
        D("74"),
        D("70"),
        D("60"),
        D("92"),
        D("32"),
    )


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert median([D(80), D(60), D(70), D(50)]) == D(65)


def test_harsh_and_lenient_reviewers_become_comparable() -> None:
    # Reviewer 10 is harsh (40, 50, 60), reviewer 11 lenient (70, 80, 90): same order, same
    # spread, 30 points apart. Once normalised, both give each initiative the same score.
    stats = round_stats(
        _reviews(
            (1, 10, "40"), (2, 10, "50"), (3, 10, "60"),
            (1, 11, "70"), (2, 11, "80"), (3, 11, "90"),
        )
    )  # fmt: skip

    by = {(r.initiative, r.reviewer): r.normalised for r in stats.reviews}
    assert [for_display(by[(i, 10)]) for i in (1, 2, 3)] == [
        for_display(by[(i, 11)]) for i in (1, 2, 3)
    ]
    assert stats.mean == D(65)
    assert for_display(by[(2, 10)]) == D("65.0")


def test_a_reviewer_with_one_review_keeps_the_raw_score() -> None:
    stats = round_stats(_reviews((1, 10, "40"), (2, 10, "60"), (1, 11, "95")))

    by = {(r.initiative, r.reviewer): r.normalised for r in stats.reviews}
    assert by[(1, 11)] == D("95")
    assert stats.reviewers[11].is_normalised is False


def test_a_reviewer_giving_the_same_score_everywhere_keeps_the_raw_scores() -> None:
    stats = round_stats(_reviews((1, 10, "70"), (2, 10, "70"), (1, 11, "50"), (2, 11, "90")))

    by = {(r.initiative, r.reviewer): r.normalised for r in stats.reviews}
    assert (by[(1, 10)], by[(2, 10)]) == (D(70), D(70))


def test_outlier_far_from_the_median_is_flagged_with_its_reason() -> None:
    stats = round_stats(_reviews((1, 10, "80"), (1, 11, "78"), (1, 12, "45")))

    assert [(r.reviewer, r.reasons) for r in stats.outliers] == [
        (
            12,
            ("Điểm thấp hơn trung vị của sáng kiến (78,0) 33,0 điểm, vượt ngưỡng 20,0 điểm.",),
        )
    ]


def test_outlier_threshold_is_strictly_more_than_the_gap() -> None:
    stats = round_stats(_reviews((1, 10, "80"), (1, 11, "80"), (1, 12, "60")))

    assert stats.outliers == []


def test_outlier_threshold_can_be_set() -> None:
    stats = round_stats(_reviews((1, 10, "80"), (1, 11, "80"), (1, 12, "60")), median_gap=D(10))

    assert [r.reviewer for r in stats.outliers] == [12]


def test_a_markedly_harsh_reviewer_is_flagged() -> None:
    # Reviewer 12 gives 10, 30, 50 where the others give 40–85 to the same three initiatives.
    stats = round_stats(
        _reviews(
            (1, 10, "40"), (2, 10, "60"), (3, 10, "80"),
            (1, 11, "45"), (2, 11, "65"), (3, 11, "85"),
            (1, 12, "10"), (2, 12, "30"), (3, 12, "50"),
        ),
        median_gap=D(100),
    )  # fmt: skip

    flagged = {(r.initiative, r.reviewer): r.reasons for r in stats.outliers}
    assert sorted(flagged) == [(1, 11), (2, 12), (3, 12)]
    assert flagged[(3, 12)] == (
        "Người chấm chặt tay hơn mặt bằng của đợt: điểm chuẩn hóa (79,2) chênh 29,2 điểm so "
        "với điểm gốc, vượt ngưỡng 20,0 điểm.",
    )
    assert flagged[(1, 11)][0].startswith("Người chấm rộng tay hơn mặt bằng của đợt")


def test_round_stats_refuses_a_reviewer_scoring_an_initiative_twice() -> None:
    with pytest.raises(ValueError, match="twice"):
        round_stats(_reviews((1, 10, "80"), (1, 10, "70")))


def test_for_display_rounds_half_up() -> None:
    assert [for_display(D(x)) for x in ("12.25", "12.35", "-0.05", "99.949")] == [
        D("12.3"),
        D("12.4"),
        D("-0.1"),
        D("99.9"),
    ]


# -- Properties ----------------------------------------------------------------------------------

scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
triples = st.lists(
    st.tuples(st.integers(1, 6), st.integers(1, 5), scores),
    min_size=1,
    max_size=30,
    unique_by=lambda t: (t[0], t[1]),
)
CLOSE = D("0.000001")


@given(triples)
def test_median_lies_between_min_and_max(items: list[tuple[int, int, Decimal]]) -> None:
    stats = round_stats(ScoredReview(i, r, t) for i, r, t in items)

    for one in stats.initiatives.values():
        assert one.minimum <= one.median <= one.maximum
        assert one.minimum <= one.mean <= one.maximum
        assert one.spread >= 0


@given(triples)
def test_normalisation_preserves_each_reviewers_order(
    items: list[tuple[int, int, Decimal]],
) -> None:
    stats = round_stats(ScoredReview(i, r, t) for i, r, t in items)

    for reviewer in stats.reviewers:
        own = [r for r in stats.reviews if r.reviewer == reviewer]
        for a in own:
            for b in own:
                if a.raw < b.raw:
                    assert a.normalised < b.normalised
                if a.raw == b.raw:
                    assert a.normalised == b.normalised


@given(triples)
def test_mean_of_each_normalised_reviewer_is_the_round_mean(
    items: list[tuple[int, int, Decimal]],
) -> None:
    stats = round_stats(ScoredReview(i, r, t) for i, r, t in items)

    for reviewer, severity in stats.reviewers.items():
        own = [r.normalised for r in stats.reviews if r.reviewer == reviewer]
        assert stats.mean is not None
        if severity.is_normalised:
            assert abs(sum(own) / len(own) - stats.mean) < CLOSE
        else:
            assert own == [r.raw for r in stats.reviews if r.reviewer == reviewer]


@given(triples)
def test_normalised_reviewer_has_the_round_spread(items: list[tuple[int, int, Decimal]]) -> None:
    stats = round_stats(ScoredReview(i, r, t) for i, r, t in items)

    for reviewer, severity in stats.reviewers.items():
        if not severity.is_normalised:
            continue
        own = [r.normalised for r in stats.reviews if r.reviewer == reviewer]
        assert stats.sd is not None
        assert abs(population_sd(own) - stats.sd) < CLOSE


@given(triples, st.decimals(min_value=0, max_value=100, places=0))
def test_a_flag_is_raised_exactly_beyond_the_median_gap(
    items: list[tuple[int, int, Decimal]], gap: Decimal
) -> None:
    stats = round_stats(
        (ScoredReview(i, r, t) for i, r, t in items), median_gap=gap, severity_gap=D(1000)
    )

    for review in stats.reviews:
        far = abs(review.raw - stats.initiatives[review.initiative].median) > gap
        assert review.is_outlier == far


@given(
    st.lists(scores, min_size=2, max_size=6, unique=True),
    st.lists(st.tuples(st.integers(1, 6), st.integers(2, 5), scores), max_size=20),
    st.decimals(min_value=-30, max_value=30, places=1),
)
def test_shifting_every_score_of_a_reviewer_keeps_their_z_scores(
    own: list[Decimal], others: list[tuple[int, int, Decimal]], shift: Decimal
) -> None:
    # Reviewer 1 scores initiatives 1..n; being uniformly harsher or more lenient by `shift`
    # points changes their mean, not how far each score lies from it in their own spread.
    mine = [(i, 1, total) for i, total in enumerate(own, start=1)]
    rest = list({(i, r): (i, r, t) for i, r, t in others}.values())

    before = round_stats(ScoredReview(i, r, t) for i, r, t in [*mine, *rest])
    after = round_stats(
        ScoredReview(i, r, t + shift if r == 1 else t) for i, r, t in [*mine, *rest]
    )

    def z_scores(stats: RoundStats) -> list[Decimal]:
        severity = stats.reviewers[1]
        return [
            round((r.raw - severity.mean) / severity.sd, 9)
            for r in stats.reviews
            if r.reviewer == 1
        ]

    assert z_scores(before) == z_scores(after)
