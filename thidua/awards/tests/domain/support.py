"""Small rulebooks and subjects for the engine's tests."""

from datetime import date
from decimal import Decimal

from thidua.awards.domain.facts import CollectiveFacts, MemberStats, PersonFacts, Rating
from thidua.awards.domain.rules import AwardSpec, RulebookSpec, RuleSpec, Subject

TARGET = "target"


def rule(kind: str, code: str = "r", **params: object) -> RuleSpec:
    return RuleSpec(code, kind, params, f"Căn cứ của {code}", f"Mô tả {code}")


def award(
    code: str = TARGET,
    *rules: RuleSpec,
    subject: Subject = "individual",
    chains: bool = True,
    name: str | None = None,
) -> AwardSpec:
    return AwardSpec(
        code=code,
        name=name or f"Danh hiệu {code}",
        subject=subject,
        kind="title",
        rules=rules,
        vote_share=None,
        reward_multiple=Decimal(1),
        citation=f"Căn cứ {code}",
        counts_for_chains=chains,
    )


def book(*awards: AwardSpec, version: str = "test.1") -> RulebookSpec:
    return RulebookSpec(
        version=version,
        effective_from=date(2025, 7, 1),
        awards=awards,
        base_salary=Decimal(2_340_000),
        citation="Căn cứ thử",
    )


def one_rule_book(kind: str, subject: Subject = "individual", **params: object) -> RulebookSpec:
    """A rulebook of one award with one rule, plus the awards "cs" (individual) and "tt"
    (collective) that chain rules may name."""
    return book(
        award(TARGET, rule(kind, **params), subject=subject),
        award("cs", rule("rating_at_least", min_rating="HTXSNV"), name="Chiến sĩ thi đua cơ sở"),
        award(
            "tt",
            rule("rating_at_least", min_rating="HTXSNV"),
            subject="collective",
            name="Tập thể lao động xuất sắc",
        ),
    )


def person(**fields: object) -> PersonFacts:
    fields.setdefault("ref", "NV-1")
    return PersonFacts(**fields)  # type: ignore[arg-type]


def collective(**fields: object) -> CollectiveFacts:
    fields.setdefault("ref", "KHOA-1")
    return CollectiveFacts(**fields)  # type: ignore[arg-type]


def good_collective(year: int = 2025, **overrides: object) -> CollectiveFacts:
    """A khoa of 10 that meets every collective title in `year` (and the year before)."""
    stats = MemberStats(
        total=10, completing_tasks=10, advanced_workers=8, emulation_fighters=1, women=7
    )
    fields: dict[str, object] = {
        "ratings": {year - 1: Rating.HTXSNV, year: Rating.HTXSNV},
        "member_stats": {year - 1: stats, year: stats},
    }
    fields.update(overrides)
    return collective(**fields)
