"""Benchmark: eligibility for every award of the default rulebook across the whole Sở.

`measure(people, collectives)` builds (untimed) synthetic facts, deterministic from a seed and
shaped like the `hanoi` scale — 40.000 people and 2.500 khoa/phòng, five years of ratings,
titles with some thematic and revoked, initiatives (some already used), research, discipline,
holds, maternity leave, member statistics — then times, in one run:

- the engine: `evaluate_many` once per award of the catalogue over the subjects of its kind
  (the rulebook compiled once per call, "đạt tiêu chuẩn" evaluations reused per subject);
- the baseline: the straightforward loop, `evaluate(rulebook, code, facts, year)` for each
  subject and award, which compiles the rulebook every time. It runs on every `SAMPLE`-th
  subject (one in ten: the full loop would take a minute) and is scaled to the whole Sở — the
  loop is linear in the subjects, nothing is shared between them.

Both must give the same evaluations (checked on the sampled subjects). The figure is the
engine's seconds (budget 5 s), printed with the ratio baseline ÷ engine.

`python -m bench.awards [--people N] [--collectives N]` runs it alone; no database is needed.
"""

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date

from thidua.awards.domain.default_rulebook import (
    CSTDCS,
    GIAY_KHEN_CA_NHAN,
    LDTT,
    TTLDTT,
    TTLDXS,
    default_rulebook,
)
from thidua.awards.domain.eligibility import CompiledRulebook, evaluate, evaluate_many
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
from thidua.awards.domain.rules import Evaluation

BUDGET_SECONDS = 5.0
SAMPLE = 10
PEOPLE = 40_000
COLLECTIVES = 2_500
YEAR = 2025
YEARS = range(YEAR - 4, YEAR + 1)
RATING_WEIGHTS = ((Rating.HTXSNV, 20), (Rating.HTTNV, 62), (Rating.HTNV, 15), (Rating.KHTNV, 3))


@dataclass(frozen=True)
class Timing:
    people: int
    collectives: int
    evaluations: int
    eligible: int
    engine_seconds: float
    baseline_seconds: float  # scaled from the sample to every subject
    sample: int

    @property
    def ratio(self) -> float:
        return self.baseline_seconds / self.engine_seconds


def _rating(rng: random.Random) -> Rating:
    return rng.choices([r for r, _ in RATING_WEIGHTS], [w for _, w in RATING_WEIGHTS])[0]


def synthetic_person(rng: random.Random, number: int) -> PersonFacts:
    ratings = {year: _rating(rng) for year in YEARS if rng.random() > 0.03}
    awards: list[HeldAward] = []
    for year, rating in ratings.items():
        if year == YEAR:
            continue
        if rating in (Rating.HTXSNV, Rating.HTTNV) and rng.random() < 0.85:
            awards.append(HeldAward(LDTT, year, decision=f"{year}/QĐ-SYT"))
        if rating == Rating.HTXSNV and rng.random() < 0.6:
            awards.append(
                HeldAward(
                    CSTDCS,
                    year,
                    thematic=rng.random() < 0.05,
                    revoked=rng.random() < 0.005,
                    decision=f"{number % 97}/QĐ-SYT",
                )
            )
        if rng.random() < 0.05:
            awards.append(HeldAward(GIAY_KHEN_CA_NHAN, year, thematic=rng.random() < 0.5))
    initiatives = tuple(
        InitiativeFact(
            rng.choice(YEARS),
            rng.choices(["base", "city", "national"], [85, 14, 1])[0],
            used_for_award=rng.random() < 0.3,
            ref=f"SK-{number}-{index}",
        )
        for index in range(rng.choices([0, 1, 2, 3], [80, 14, 5, 1])[0])
    )
    research = tuple(
        ResearchFact(rng.choice(YEARS), rng.choice(["base", "city"]), ref=f"ĐT-{number}")
        for _ in range(rng.random() < 0.04)
    )
    discipline: tuple[DisciplineFact, ...] = ()
    if rng.random() < 0.01:
        start = date(rng.choice(YEARS), rng.randint(1, 12), 1)
        discipline = (
            DisciplineFact(
                rng.choice(["reprimand", "warning"]), start, date(start.year + 1, start.month, 1)
            ),
        )
    holds = (HoldFact("inspection", date(YEAR, 11, 1)),) if rng.random() < 0.005 else ()
    leaves: tuple[LeaveFact, ...] = ()
    months = {year: 12 for year in YEARS}
    if rng.random() < 0.03:
        start = date(YEAR, rng.randint(1, 6), 1)
        leaves = (LeaveFact("maternity", start, date(YEAR, start.month + 5, 28)),)
        months[YEAR] = 6
    if rng.random() < 0.02:
        months[YEAR] = rng.randint(3, 9)  # joined during the year
    return PersonFacts(
        ref=f"NV{number:06d}",
        ratings=ratings,
        awards=tuple(awards),
        initiatives=initiatives,
        research=research,
        discipline=discipline,
        holds=holds,
        leaves=leaves,
        months_worked=months,
        female=rng.random() < 0.7,
    )


def synthetic_collective(rng: random.Random, number: int) -> CollectiveFacts:
    stats = {}
    for year in YEARS:
        total = rng.randint(5, 30)
        advanced = rng.randint(total // 2, total)
        stats[year] = MemberStats(
            total=total,
            completing_tasks=total if rng.random() < 0.8 else total - 1,
            advanced_workers=advanced,
            emulation_fighters=rng.randint(0, max(0, advanced // 4)),
            disciplined=1 if rng.random() < 0.03 else 0,
            women=rng.randint(0, total),
        )
    ratings = {year: _rating(rng) for year in YEARS}
    awards = tuple(
        HeldAward(TTLDXS if rating == Rating.HTXSNV else TTLDTT, year)
        for year, rating in ratings.items()
        if year < YEAR and rating in (Rating.HTXSNV, Rating.HTTNV)
    )
    return CollectiveFacts(
        ref=f"TT{number:05d}", ratings=ratings, awards=awards, member_stats=stats
    )


def synthetic(
    people: int, collectives: int, seed: int = 2025
) -> tuple[list[PersonFacts], list[CollectiveFacts]]:
    rng = random.Random(seed)
    return (
        [synthetic_person(rng, number) for number in range(people)],
        [synthetic_collective(rng, number) for number in range(collectives)],
    )


def _order(evaluation: Evaluation) -> tuple[str, str]:
    return evaluation.subject_ref, evaluation.award_code


def measure(people: int = PEOPLE, collectives: int = COLLECTIVES) -> Timing:
    persons, units = synthetic(people, collectives)
    spec = default_rulebook()
    codes = {
        subject: CompiledRulebook(spec).codes_for(subject)
        for subject in ("individual", "collective")
    }

    start = time.perf_counter()
    engine: list[Evaluation] = []
    for code in codes["individual"]:
        engine += evaluate_many(spec, code, persons, YEAR)
    for code in codes["collective"]:
        engine += evaluate_many(spec, code, units, YEAR)
    engine_seconds = time.perf_counter() - start

    sampled_people, sampled_units = persons[::SAMPLE], units[::SAMPLE]
    start = time.perf_counter()
    baseline: list[Evaluation] = []
    for code in codes["individual"]:
        baseline += [evaluate(spec, code, facts, YEAR) for facts in sampled_people]
    for code in codes["collective"]:
        baseline += [evaluate(spec, code, facts, YEAR) for facts in sampled_units]
    sample_seconds = time.perf_counter() - start
    sampled_total = len(sampled_people) + len(sampled_units)
    baseline_seconds = sample_seconds * (people + collectives) / max(1, sampled_total)

    wanted = {
        (facts.ref, code)
        for facts in (*sampled_people, *sampled_units)
        for code in (*codes["individual"], *codes["collective"])
    }
    engine_sampled = [e for e in engine if (e.subject_ref, e.award_code) in wanted]
    if sorted(engine_sampled, key=_order) != sorted(baseline, key=_order):
        raise AssertionError("evaluate_many và evaluate từng người cho kết quả khác nhau")
    return Timing(
        people=people,
        collectives=collectives,
        evaluations=len(engine),
        eligible=sum(evaluation.eligible for evaluation in engine),
        engine_seconds=engine_seconds,
        baseline_seconds=baseline_seconds,
        sample=SAMPLE,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.awards", description=__doc__)
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--collectives", type=int, default=COLLECTIVES)
    args = parser.parse_args(argv)
    timing = measure(args.people, args.collectives)
    print(
        f"{timing.evaluations} lượt xét ({timing.people} người, {timing.collectives} tập thể; "
        f"{timing.eligible} đủ điều kiện): {timing.engine_seconds:.2f} s; từng người "
        f"{timing.baseline_seconds:.2f} s (đo 1/{timing.sample}, nhân lên); tỷ lệ "
        f"{timing.ratio:.1f} ×"
    )
    return 0 if timing.engine_seconds <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
