"""The pure ranking: competition ranks, tie-breaks, year and phase totals."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from thidua.reporting.ranking import (
    FEWER_PENALTIES,
    SELF_TOTAL,
    SUBMITTED_FIRST,
    TIE_BREAKS,
    TOP_CRITERIA,
    Entry,
    Totals,
    mean,
    mean_totals,
    rank,
    year_total,
)

D = Decimal
T0 = dt.datetime(2026, 4, 5, 8, 0, tzinfo=dt.UTC)


def test_rank_is_a_competition_ranking() -> None:
    entries = [Entry("a", D(90)), Entry("b", D(95)), Entry("c", D(90)), Entry("d", D(80))]

    assert rank(entries) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_rank_tie_breaks_in_the_configured_order() -> None:
    a = Entry("a", D(90), penalty=D(5), self_total=D(99))
    b = Entry("b", D(90), penalty=D(0), self_total=D(91))
    c = Entry("c", D(90), penalty=D(0), self_total=D(95))

    assert rank([a, b, c], [FEWER_PENALTIES, SELF_TOTAL]) == {"c": 1, "b": 2, "a": 3}
    assert rank([a, b, c], [SELF_TOTAL, FEWER_PENALTIES]) == {"a": 1, "c": 2, "b": 3}
    assert rank([a, b, c], [FEWER_PENALTIES]) == {"b": 1, "c": 1, "a": 3}


def test_rank_top_criteria_compares_in_criterion_order() -> None:
    a = Entry("a", D(90), top_criteria=(D(30), D(60)))
    b = Entry("b", D(90), top_criteria=(D(35), D(55)))

    assert rank([a, b], [TOP_CRITERIA]) == {"b": 1, "a": 2}


def test_rank_submitted_first_puts_unsubmitted_last() -> None:
    early = Entry("early", D(50), submitted_at=T0)
    late = Entry("late", D(50), submitted_at=T0 + dt.timedelta(hours=1))
    never = Entry("never", D(50))

    assert rank([never, late, early], [SUBMITTED_FIRST]) == {"early": 1, "late": 2, "never": 3}


def test_rank_ignores_unknown_tie_breaks() -> None:
    assert rank([Entry("a", D(1)), Entry("b", D(1))], ["lucky_draw"]) == {"a": 1, "b": 1}


def test_year_total_prefers_the_yearly_report() -> None:
    yearly = Totals(D(80), D(82), D(0))
    quarters = [Totals(D(60), D(60), D(2)), Totals(D(70), D(71), D(0))]

    assert year_total(yearly, quarters) == yearly
    assert year_total(None, quarters) == Totals(D(65), D("65.50"), D(1), {}, None)
    assert year_total(None, []) is None


def test_mean_totals_averages_areas_and_keeps_the_last_submission() -> None:
    items = [
        Totals(D(60), D(60), D(0), {"TC1": D(30), "TC2": D(30)}, T0),
        Totals(D(71), D(71), D(0), {"TC1": D(41)}, T0 + dt.timedelta(days=90)),
    ]

    averaged = mean_totals(items)

    assert averaged.area_points == {"TC1": D("35.50"), "TC2": D(15)}
    assert averaged.submitted_at == T0 + dt.timedelta(days=90)
    assert mean([D(1), D(2), D(2)]) == D("1.67")


# --- properties -------------------------------------------------------------------------------

totals = st.decimals(min_value=0, max_value=120, places=0)
small = st.decimals(min_value=0, max_value=3, places=0)


@st.composite
def entries(draw):
    count = draw(st.integers(min_value=0, max_value=12))
    return [
        Entry(
            key=index,
            total=draw(totals),
            penalty=draw(small),
            top_criteria=(draw(small), draw(small)),
            self_total=draw(small),
            submitted_at=draw(st.none() | st.just(T0) | st.just(T0 + dt.timedelta(days=1))),
        )
        for index in range(count)
    ]


tie_break_lists = st.lists(st.sampled_from(TIE_BREAKS), unique=True)


@given(entries(), tie_break_lists)
def test_ranks_are_between_one_and_n(listed, tie_breaks) -> None:
    ranks = rank(listed, tie_breaks)

    assert sorted(ranks) == [entry.key for entry in listed]
    assert all(1 <= value <= len(listed) for value in ranks.values())
    if listed:
        assert min(ranks.values()) == 1


@given(entries(), tie_break_lists)
def test_a_better_total_never_ranks_worse(listed, tie_breaks) -> None:
    ranks = rank(listed, tie_breaks)

    for first in listed:
        for second in listed:
            if first.total > second.total:
                assert ranks[first.key] < ranks[second.key]


@given(entries(), tie_break_lists)
def test_equal_entries_share_a_rank_and_the_next_skips(listed, tie_breaks) -> None:
    ranks = rank(listed, tie_breaks)

    for first in listed:
        same = [
            e
            for e in listed
            if (e.total, e.penalty, e.top_criteria, e.self_total, e.submitted_at)
            == (
                first.total,
                first.penalty,
                first.top_criteria,
                first.self_total,
                first.submitted_at,
            )
        ]
        assert {ranks[e.key] for e in same} == {ranks[first.key]}
        ahead = sum(1 for e in listed if ranks[e.key] < ranks[first.key])
        assert ranks[first.key] == ahead + 1


@given(entries())
def test_the_first_tie_break_decides_before_the_second(listed) -> None:
    ranks = rank(listed, [FEWER_PENALTIES, SELF_TOTAL])

    for first in listed:
        for second in listed:
            if first.total == second.total and first.penalty < second.penalty:
                assert ranks[first.key] < ranks[second.key]
            if (
                first.total == second.total
                and first.penalty == second.penalty
                and first.self_total > second.self_total
            ):
                assert ranks[first.key] < ranks[second.key]
