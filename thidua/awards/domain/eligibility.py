"""Eligibility for an award, rule by rule, and the tie-break among equal candidates. Pure.

`evaluate` answers for one subject (compiling the rulebook on the way: fine for one page).
`evaluate_many` and `evaluate_catalogue` compile the rulebook once and run the prepared checks
over a whole department (40.000 people, 2.500 collectives); "đạt tiêu chuẩn X" rules reuse the
subject's evaluation for X instead of computing it again. Evaluations are values: they carry
the rulebook version and nothing that a later rulebook could change.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from thidua.awards.domain.facts import CollectiveFacts, PersonFacts, SubjectFacts
from thidua.awards.domain.rule_kinds import (
    AwardsLookup,
    Check,
    RulebookError,
    compile_awards,
)
from thidua.awards.domain.rules import (
    SUBJECT_LABELS,
    AwardSpec,
    Evaluation,
    RulebookSpec,
    RuleResult,
    TieBreakRules,
)


class EligibilityError(ValueError):
    """An evaluation that cannot be asked (unknown award, the award of the other subject);
    `message` is Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Memo:
    """The evaluations of the subject in hand, for "đạt tiêu chuẩn" rules: reset when the
    subject changes, so memory stays flat over a whole department."""

    __slots__ = ("book", "facts", "seen")

    def __init__(self, book: "CompiledRulebook") -> None:
        self.book = book
        self.facts: SubjectFacts | None = None
        self.seen: dict[tuple[str, int], Evaluation] = {}

    def meets(self, code: str, facts: SubjectFacts, year: int) -> Evaluation:
        if facts is not self.facts:
            self.facts, self.seen = facts, {}
        key = (code, year)
        found = self.seen.get(key)
        if found is None:
            found = self.seen[key] = self.book.evaluate(code, facts, year, lookup=self)
        return found


class CompiledRulebook:
    """A rulebook whose rules are parsed and built once. Refuses (RulebookError) a rulebook
    that `validate_rulebook` would refuse."""

    def __init__(self, spec: RulebookSpec) -> None:
        compiled, problems = compile_awards(spec)
        if problems:
            raise RulebookError(problems)
        self.spec = spec
        self.version = spec.version
        self._checks: dict[str, tuple[Check, ...]] = {
            code: tuple(check for _, check in rules) for code, rules in compiled.items()
        }
        self._awards: dict[str, AwardSpec] = {award.code: award for award in spec.awards}

    def award(self, code: str) -> AwardSpec:
        award = self._awards.get(code)
        if award is None:
            raise EligibilityError(
                f"Bộ quy tắc {self.version} không có danh hiệu, hình thức mã “{code}”."
            )
        return award

    def evaluate(
        self, code: str, facts: SubjectFacts, year: int, *, lookup: AwardsLookup | None = None
    ) -> Evaluation:
        """Every rule of award `code` for `facts` in `year`; eligible iff all pass."""
        award = self.award(code)
        if award.subject != facts.subject:
            raise EligibilityError(
                f"“{award.name}” dành cho {SUBJECT_LABELS[award.subject]}; "
                f"“{facts.ref}” là {SUBJECT_LABELS[facts.subject]}."
            )
        lookup = lookup if lookup is not None else _Memo(self)
        results = tuple([check(facts, year, lookup) for check in self._checks[code]])
        return Evaluation(
            award_code=code,
            subject_ref=facts.ref,
            year=year,
            eligible=all([result.passed for result in results]),
            results=results,
            rulebook_version=self.version,
        )

    def evaluate_many(
        self, code: str, subjects: Iterable[SubjectFacts], year: int
    ) -> list[Evaluation]:
        """`[self.evaluate(code, facts, year) for facts in subjects]`, the per-call work
        (finding the award, its checks, the memo) done once."""
        award = self.award(code)
        checks = self._checks[code]
        version = self.version
        memo = _Memo(self)
        out: list[Evaluation] = []
        append = out.append
        for facts in subjects:
            if facts.subject != award.subject:
                self.evaluate(code, facts, year)  # raises the Vietnamese refusal
            results = tuple([check(facts, year, memo) for check in checks])
            append(
                Evaluation(
                    award_code=code,
                    subject_ref=facts.ref,
                    year=year,
                    eligible=all([result.passed for result in results]),
                    results=results,
                    rulebook_version=version,
                )
            )
        return out

    def codes_for(self, subject: str) -> tuple[str, ...]:
        return tuple(award.code for award in self.spec.awards if award.subject == subject)


def compile_rulebook(spec: RulebookSpec | CompiledRulebook) -> CompiledRulebook:
    return spec if isinstance(spec, CompiledRulebook) else CompiledRulebook(spec)


def evaluate(
    rulebook: RulebookSpec | CompiledRulebook,
    award_code: str,
    facts: SubjectFacts,
    year: int,
    *,
    awards_lookup: AwardsLookup | None = None,
) -> Evaluation:
    """Whether `facts` meet award `award_code` in `year`, every rule with its explanation and
    citation. `awards_lookup` answers "đạt tiêu chuẩn X" rules (default: this rulebook).
    Refuses (RulebookError) an invalid rulebook and (EligibilityError) an unknown award or one
    for the other subject."""
    return compile_rulebook(rulebook).evaluate(award_code, facts, year, lookup=awards_lookup)


def evaluate_many(
    rulebook: RulebookSpec | CompiledRulebook,
    award_code: str,
    facts_iterable: Iterable[SubjectFacts],
    year: int,
) -> list[Evaluation]:
    """`[evaluate(rulebook, award_code, facts, year) for facts in facts_iterable]`, with the
    rulebook compiled once."""
    return compile_rulebook(rulebook).evaluate_many(award_code, facts_iterable, year)


def evaluate_catalogue(
    rulebook: RulebookSpec | CompiledRulebook,
    people: Iterable[PersonFacts],
    collectives: Iterable[CollectiveFacts],
    year: int,
) -> list[Evaluation]:
    """Every award of the catalogue for every subject of its kind (the whole department's
    round): per subject, in catalogue order, "đạt tiêu chuẩn" evaluations shared."""
    book = compile_rulebook(rulebook)
    memo = _Memo(book)
    evaluate_one = book.evaluate
    out: list[Evaluation] = []
    append = out.append
    for subjects, codes in (
        (people, book.codes_for("individual")),
        (collectives, book.codes_for("collective")),
    ):
        for facts in subjects:
            for code in codes:
                append(evaluate_one(code, facts, year, lookup=memo))
    return out


# --- tie-break -------------------------------------------------------------------------------

Score = int | Fraction | Decimal


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate competing for a limited number of awards: `score` (votes for, points:
    higher first), and what the tie-break reads: `female` for a person, `women_share` for a
    collective."""

    ref: str
    score: Score
    female: bool = False
    women_share: Fraction | None = None


@dataclass(frozen=True, slots=True)
class RankedCandidate:
    """`rank` 1 for the best; equal ranks remain tied after the tie-break (the council
    decides). `reason_vi` says why a candidate went ahead of an equal one."""

    candidate: Candidate
    rank: int
    preferred: bool
    tied: bool
    reason_vi: str


def candidate_for(facts: SubjectFacts, score: Score, year: int) -> Candidate:
    """The candidate of a subject: a person's sex, a collective's share of women in `year`."""
    if isinstance(facts, PersonFacts):
        return Candidate(facts.ref, score, female=facts.female)
    stats = facts.member_stats.get(year)
    share = None if stats is None or stats.total <= 0 else Fraction(stats.women, stats.total)
    return Candidate(facts.ref, score, women_share=share)


def _preferred(candidate: Candidate, rules: TieBreakRules) -> bool:
    if candidate.women_share is not None:
        return candidate.women_share >= rules.women_share
    return candidate.female


def tie_break(
    candidates: Sequence[Candidate], rules: TieBreakRules | None = None
) -> tuple[RankedCandidate, ...]:
    """Candidates best first: by score, then, among equal scores, the woman or the collective
    with at least `rules.women_share` women (NĐ 152/2025/NĐ-CP Điều 4 khoản 6). Candidates
    still equal share a rank and are marked tied, in their given order."""
    rules = rules or TieBreakRules()
    groups: dict[Score, list[tuple[Candidate, bool]]] = {}
    for candidate in sorted(candidates, key=lambda c: -c.score):
        groups.setdefault(candidate.score, []).append((candidate, _preferred(candidate, rules)))
    share_text = f"{round(rules.women_share * 100)}%"
    ranked: list[RankedCandidate] = []
    rank = 1
    for group in groups.values():
        first = [candidate for candidate, preferred in group if preferred]
        second = [candidate for candidate, preferred in group if not preferred]
        for preferred, members in ((True, first), (False, second)):
            for candidate in members:
                reason = ""
                if preferred and second:
                    who = (
                        "là nữ"
                        if candidate.women_share is None
                        else f"có từ {share_text} thành viên là nữ"
                    )
                    reason = (
                        f"Bằng điểm với {', '.join(c.ref for c in second)}; được ưu tiên vì "
                        f"{who} (NĐ 152/2025/NĐ-CP Điều 4 khoản 6)."
                    )
                tied = len(members) > 1
                if tied:
                    others = ", ".join(c.ref for c in members if c is not candidate)
                    reason = (reason + " " if reason else "") + (
                        f"Vẫn bằng điểm với {others} sau khi áp dụng ưu tiên: Hội đồng quyết định."
                    )
                ranked.append(RankedCandidate(candidate, rank, preferred, tied, reason))
            rank += len(members)
    return tuple(ranked)


def results_by_code(evaluation: Evaluation) -> dict[str, RuleResult]:
    return {result.code: result for result in evaluation.results}
