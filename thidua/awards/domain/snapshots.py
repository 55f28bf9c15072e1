"""An evaluation as stored with a nomination, and what changed between two of them. Pure.

A nomination keeps the Evaluation made when it was sent and the one made again at thẩm định
(the rulebook then in force, the facts then known); the department sees every rule whose answer
changed. `evaluation_to_json` / `evaluation_from_json` round-trip exactly.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from thidua.awards.domain.rules import Evaluation, RuleResult


def evaluation_to_json(evaluation: Evaluation) -> dict[str, object]:
    return {
        "award_code": evaluation.award_code,
        "subject_ref": evaluation.subject_ref,
        "year": evaluation.year,
        "eligible": evaluation.eligible,
        "rulebook_version": evaluation.rulebook_version,
        "results": [
            {
                "code": result.code,
                "passed": result.passed,
                "explanation_vi": result.explanation_vi,
                "facts_used": dict(result.facts_used),
                "citation": result.citation,
                "description": result.description,
                "needs_council": result.needs_council,
            }
            for result in evaluation.results
        ],
    }


def evaluation_from_json(data: Mapping[str, object]) -> Evaluation:
    """The Evaluation `evaluation_to_json` stored (KeyError/TypeError on anything else)."""
    results = cast(Sequence[Mapping[str, object]], data["results"])
    return Evaluation(
        award_code=str(data["award_code"]),
        subject_ref=str(data["subject_ref"]),
        year=int(cast(int, data["year"])),
        eligible=bool(data["eligible"]),
        rulebook_version=str(data["rulebook_version"]),
        results=tuple(
            RuleResult(
                code=str(item["code"]),
                passed=bool(item["passed"]),
                explanation_vi=str(item["explanation_vi"]),
                facts_used={
                    str(k): str(v)
                    for k, v in cast(Mapping[str, object], item["facts_used"]).items()
                },
                citation=str(item["citation"]),
                description=str(item.get("description", "")),
                needs_council=bool(item.get("needs_council", False)),
            )
            for item in results
        ),
    )


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One rule whose answer differs between two evaluations: `before`/`after` are "Đạt",
    "Chưa đạt", "Hội đồng xem xét" or "Không có" (the rule is not in that rulebook)."""

    code: str
    description: str
    before: str
    after: str
    explanation_after: str


def _answer(result: RuleResult | None) -> str:
    if result is None:
        return "Không có"
    if result.needs_council:
        return "Hội đồng xem xét"
    return "Đạt" if result.passed else "Chưa đạt"


def rule_changes(before: Evaluation, after: Evaluation) -> tuple[RuleChange, ...]:
    """The rules whose answer changed from `before` to `after`, in `after`'s order then the
    rules `after` no longer has. Same answers: empty."""
    old = {result.code: result for result in before.results}
    new = {result.code: result for result in after.results}
    changes: list[RuleChange] = []
    for code, result in new.items():
        previous = old.get(code)
        if _answer(previous) != _answer(result):
            changes.append(
                RuleChange(
                    code,
                    result.description or code,
                    _answer(previous),
                    _answer(result),
                    result.explanation_vi,
                )
            )
    for code, result in old.items():
        if code not in new:
            changes.append(
                RuleChange(code, result.description or code, _answer(result), "Không có", "")
            )
    return tuple(changes)


def change_summary(before: Evaluation, after: Evaluation) -> str:
    """One Vietnamese sentence on what the re-evaluation changed ("" when nothing)."""
    parts: list[str] = []
    if before.rulebook_version != after.rulebook_version:
        parts.append(
            f"bộ quy tắc đổi từ “{before.rulebook_version}” sang “{after.rulebook_version}”"
        )
    if before.eligible != after.eligible:
        parts.append("nay đủ điều kiện" if after.eligible else "nay không còn đủ điều kiện")
    count = len(rule_changes(before, after))
    if count:
        parts.append(f"{count} tiêu chí thay đổi kết quả")
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"Khi thẩm định: {text}."
