"""Stored evaluations of a nomination: an exact JSON round trip, and the rules whose answer
changed between submission and thẩm định."""

from hypothesis import given
from hypothesis import strategies as st

from thidua.awards.domain.rules import Evaluation, RuleResult
from thidua.awards.domain.snapshots import (
    RuleChange,
    change_summary,
    evaluation_from_json,
    evaluation_to_json,
    rule_changes,
)


def _result(code: str, passed: bool, *, council: bool = False) -> RuleResult:
    return RuleResult(
        code=code,
        passed=passed,
        explanation_vi=f"{code}: {'đạt' if passed else 'chưa đạt'}",
        facts_used={"Năm 2025": "Hoàn thành tốt nhiệm vụ"},
        citation="Luật 06/2022/QH15 Điều 24",
        description=f"Tiêu chí {code}",
        needs_council=council,
    )


def _evaluation(*results: RuleResult, version: str = "2025") -> Evaluation:
    return Evaluation(
        award_code="ldtt",
        subject_ref="person:1",
        year=2025,
        eligible=all(r.passed for r in results),
        results=results,
        rulebook_version=version,
    )


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.booleans(), st.booleans()),
        max_size=4,
        unique_by=lambda t: t[0],
    )
)
def test_evaluation_json_round_trip_is_exact(rows: list[tuple[str, bool, bool]]) -> None:
    evaluation = _evaluation(*(_result(c, p, council=n) for c, p, n in rows))

    assert evaluation_from_json(evaluation_to_json(evaluation)) == evaluation


def test_same_answers_show_no_change() -> None:
    before = _evaluation(_result("xep_loai", True))

    assert (rule_changes(before, before), change_summary(before, before)) == ((), "")


def test_rule_now_failing_is_listed_with_its_new_explanation() -> None:
    before = _evaluation(_result("xep_loai", True), _result("ky_luat", True))
    after = _evaluation(_result("xep_loai", True), _result("ky_luat", False), version="2026")

    assert rule_changes(before, after) == (
        RuleChange("ky_luat", "Tiêu chí ky_luat", "Đạt", "Chưa đạt", "ky_luat: chưa đạt"),
    )
    assert change_summary(before, after) == (
        "Khi thẩm định: bộ quy tắc đổi từ “2025” sang “2026”; nay không còn đủ điều kiện; "
        "1 tiêu chí thay đổi kết quả."
    )


def test_rule_added_and_rule_removed_by_a_new_rulebook() -> None:
    before = _evaluation(_result("cu", True))
    after = _evaluation(_result("moi", True))

    assert [(c.code, c.before, c.after) for c in rule_changes(before, after)] == [
        ("moi", "Không có", "Đạt"),
        ("cu", "Đạt", "Không có"),
    ]
