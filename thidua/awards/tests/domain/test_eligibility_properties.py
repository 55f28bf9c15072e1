"""Properties of the engine over generated people and collectives (issue 7, Engineering):
removing a qualifying fact never turns ineligible into eligible; a rulebook change never alters
an evaluation already made; the bulk evaluation equals the one-by-one evaluation."""

import copy
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.awards.domain.default_rulebook import CSTDCS, LDTT, TTLDTT, default_rulebook
from thidua.awards.domain.eligibility import (
    CompiledRulebook,
    evaluate,
    evaluate_catalogue,
    evaluate_many,
)
from thidua.awards.domain.facts import (
    CollectiveFacts,
    DisciplineFact,
    HeldAward,
    HoldFact,
    InitiativeFact,
    LeaveFact,
    MemberStats,
    PersonFacts,
    Rating,
    ResearchFact,
)
from thidua.awards.domain.rules import from_json, to_json

RULEBOOK = default_rulebook()
BOOK = CompiledRulebook(RULEBOOK)
YEAR = 2025
YEARS = st.integers(2021, 2026)
PERSON_CODES = BOOK.codes_for("individual")
COLLECTIVE_CODES = BOOK.codes_for("collective")
RATINGS = st.sampled_from(list(Rating))
RANK_ORDER = [Rating.KHTNV, Rating.HTNV, Rating.HTTNV, Rating.HTXSNV]


def dates(year_low=2021, year_high=2026):
    return st.dates(date(year_low, 1, 1), date(year_high, 12, 31))


held_awards = st.builds(
    HeldAward,
    code=st.sampled_from([*PERSON_CODES, *COLLECTIVE_CODES]),
    year=YEARS,
    thematic=st.booleans(),
    revoked=st.booleans(),
    decision=st.sampled_from(["", "1/QĐ-SYT"]),
)
discipline = st.builds(
    DisciplineFact,
    form=st.sampled_from(["reprimand", "warning", "demotion"]),
    start=dates(),
    end=st.none() | dates(),
)
holds = st.builds(
    HoldFact,
    kind=st.sampled_from(["inspection", "complaint"]),
    start=dates(),
    end=st.none() | dates(),
)

people = st.builds(
    PersonFacts,
    ref=st.sampled_from(["NV-1", "NV-2"]),
    ratings=st.dictionaries(YEARS, RATINGS, max_size=6),
    awards=st.lists(held_awards, max_size=6).map(tuple),
    initiatives=st.lists(
        st.builds(
            InitiativeFact,
            year=YEARS,
            level=st.sampled_from(["base", "city", "national"]),
            used_for_award=st.booleans(),
            ref=st.sampled_from(["SK-1", "SK-2", ""]),
        ),
        max_size=4,
    ).map(tuple),
    research=st.lists(
        st.builds(ResearchFact, year=YEARS, level=st.sampled_from(["base", "city"])), max_size=2
    ).map(tuple),
    discipline=st.lists(discipline, max_size=2).map(tuple),
    holds=st.lists(holds, max_size=2).map(tuple),
    leaves=st.lists(
        st.builds(
            LeaveFact, kind=st.just("maternity"), start=dates(2025, 2025), end=dates(2025, 2025)
        ),
        max_size=1,
    ).map(tuple),
    months_worked=st.none() | st.dictionaries(YEARS, st.integers(0, 12), max_size=6),
    female=st.booleans(),
)


@st.composite
def member_stats(draw):
    total = draw(st.integers(1, 40))
    counts = [draw(st.integers(0, total)) for _ in range(5)]
    return MemberStats(total, *counts)


collectives = st.builds(
    CollectiveFacts,
    ref=st.sampled_from(["K-1", "K-2"]),
    ratings=st.dictionaries(YEARS, RATINGS, max_size=6),
    awards=st.lists(held_awards, max_size=6).map(tuple),
    discipline=st.lists(discipline, max_size=1).map(tuple),
    member_stats=st.dictionaries(YEARS, member_stats(), max_size=6),
    holds=st.lists(holds, max_size=1).map(tuple),
)


def lower(rating):
    return RANK_ORDER[max(0, RANK_ORDER.index(rating) - 1)]


@st.composite
def weakened_person(draw):
    """A person, and the same person with one qualifying fact removed or one disqualifying
    fact added."""
    facts = draw(people)
    change = draw(
        st.sampled_from(
            [
                "drop_rating",
                "lower_rating",
                "drop_award",
                "revoke_award",
                "thematic_award",
                "drop_initiative",
                "use_initiative",
                "drop_research",
                "add_discipline",
                "add_hold",
                "drop_leave",
                "fewer_months",
            ]
        )
    )
    pick = draw(st.integers(0, 10))
    weaker = facts
    if change == "drop_rating" and facts.ratings:
        year = sorted(facts.ratings)[pick % len(facts.ratings)]
        weaker = replace(facts, ratings={y: r for y, r in facts.ratings.items() if y != year})
    elif change == "lower_rating" and facts.ratings:
        year = sorted(facts.ratings)[pick % len(facts.ratings)]
        weaker = replace(facts, ratings={**facts.ratings, year: lower(facts.ratings[year])})
    elif change in {"drop_award", "revoke_award", "thematic_award"} and facts.awards:
        index = pick % len(facts.awards)
        held = facts.awards[index]
        rest = facts.awards[:index] + facts.awards[index + 1 :]
        if change == "drop_award":
            weaker = replace(facts, awards=rest)
        elif change == "revoke_award":
            weaker = replace(facts, awards=(*rest, replace(held, revoked=True)))
        else:
            weaker = replace(facts, awards=(*rest, replace(held, thematic=True)))
    elif change in {"drop_initiative", "use_initiative"} and facts.initiatives:
        index = pick % len(facts.initiatives)
        rest = facts.initiatives[:index] + facts.initiatives[index + 1 :]
        used = replace(facts.initiatives[index], used_for_award=True)
        weaker = replace(facts, initiatives=rest if change == "drop_initiative" else (*rest, used))
    elif change == "drop_research" and facts.research:
        weaker = replace(facts, research=facts.research[1:])
    elif change == "add_discipline":
        weaker = replace(facts, discipline=(*facts.discipline, draw(discipline)))
    elif change == "add_hold":
        weaker = replace(facts, holds=(*facts.holds, draw(holds)))
    elif change == "drop_leave" and facts.leaves:
        weaker = replace(facts, leaves=())
    elif change == "fewer_months" and facts.months_worked:
        year = sorted(facts.months_worked)[pick % len(facts.months_worked)]
        months = max(0, facts.months_worked[year] - 1 - pick)
        weaker = replace(facts, months_worked={**facts.months_worked, year: months})
    return facts, weaker


@st.composite
def weakened_collective(draw):
    facts = draw(collectives)
    weaker = facts
    change = draw(st.sampled_from(["members", "drop_award", "add_discipline", "add_hold"]))
    if change == "members" and facts.member_stats:
        year = draw(st.sampled_from(sorted(facts.member_stats)))
        stats = facts.member_stats[year]
        field = draw(
            st.sampled_from(["completing_tasks", "advanced_workers", "emulation_fighters"])
        )
        fewer = replace(stats, **{field: max(0, getattr(stats, field) - 1)})
        more_disciplined = replace(fewer, disciplined=min(stats.total, stats.disciplined + 1))
        weaker = replace(facts, member_stats={**facts.member_stats, year: more_disciplined})
    elif change == "drop_award" and facts.awards:
        weaker = replace(facts, awards=facts.awards[1:])
    elif change == "add_discipline":
        weaker = replace(facts, discipline=(*facts.discipline, draw(discipline)))
    elif change == "add_hold":
        weaker = replace(facts, holds=(*facts.holds, draw(holds)))
    return facts, weaker


@settings(max_examples=300, deadline=None)
@given(weakened_person())
def test_removing_a_qualifying_fact_never_makes_a_person_eligible(pair):
    facts, weaker = pair

    for code in PERSON_CODES:
        before = BOOK.evaluate(code, facts, YEAR)
        after = BOOK.evaluate(code, weaker, YEAR)
        assert not (after.eligible and not before.eligible), (code, before, after)


@settings(max_examples=200, deadline=None)
@given(weakened_collective())
def test_removing_a_qualifying_fact_never_makes_a_collective_eligible(pair):
    facts, weaker = pair

    for code in COLLECTIVE_CODES:
        before = BOOK.evaluate(code, facts, YEAR)
        after = BOOK.evaluate(code, weaker, YEAR)
        assert not (after.eligible and not before.eligible), (code, before, after)


@settings(max_examples=100, deadline=None)
@given(people, st.integers(0, 10))
def test_a_rulebook_change_never_alters_an_evaluation_already_made(facts, seed):
    """Evaluations are values: a new version (stricter threshold, new salary), and even an
    in-place edit of the old version's parameters, leave a stored evaluation as it was."""
    data = to_json(RULEBOOK)
    original = from_json(data)
    stored = evaluate(original, CSTDCS, facts, YEAR)
    snapshot = copy.deepcopy(stored)

    data["version"] = "2026.1"
    data["base_salary"] = "2530000"
    for award in data["awards"]:
        for rule in award["rules"]:
            if rule["kind"] == "rating_at_least":
                rule["params"]["min_rating"] = ["HTXSNV", "HTNV"][seed % 2]
    newer = from_json(data)
    evaluate(newer, CSTDCS, facts, YEAR)
    for award in original.awards:
        for rule in award.rules:
            if rule.kind == "rating_at_least":
                rule.params["min_rating"] = "KHTNV"  # type: ignore[index]

    assert stored == snapshot
    assert stored.rulebook_version == "2025.1"


@settings(max_examples=60, deadline=None)
@given(st.lists(people, max_size=8), st.lists(collectives, max_size=4))
def test_bulk_evaluation_equals_evaluating_one_by_one(persons, units):
    for code in PERSON_CODES:
        assert evaluate_many(RULEBOOK, code, persons, YEAR) == [
            evaluate(RULEBOOK, code, facts, YEAR) for facts in persons
        ]
    expected = [evaluate(RULEBOOK, c, f, YEAR) for f in persons for c in PERSON_CODES] + [
        evaluate(RULEBOOK, c, f, YEAR) for f in units for c in COLLECTIVE_CODES
    ]

    assert evaluate_catalogue(BOOK, persons, units, YEAR) == expected


def test_bulk_evaluation_of_the_same_person_twice_in_a_row_is_consistent():
    """The memo of "đạt tiêu chuẩn" evaluations is per subject: two different people with the
    same ref never share it."""
    good = PersonFacts("NV-1", ratings={YEAR: Rating.HTXSNV})
    bad = PersonFacts("NV-1", ratings={YEAR: Rating.HTNV})

    results = evaluate_many(RULEBOOK, CSTDCS, [good, bad, good], YEAR)

    assert [r.eligible for r in results] == [True, False, True]


def test_collective_codes_and_person_codes_cover_the_catalogue():
    assert {LDTT, CSTDCS} <= set(PERSON_CODES)
    assert TTLDTT in COLLECTIVE_CODES
