"""Tie-break among equal candidates: the woman, or the collective with at least 70 % women (NĐ
152/2025/NĐ-CP Điều 4 khoản 6)."""

from fractions import Fraction

from thidua.awards.domain.eligibility import Candidate, candidate_for, tie_break
from thidua.awards.domain.facts import MemberStats
from thidua.awards.domain.rules import TieBreakRules
from thidua.awards.tests.domain.support import collective, person


def order(ranked):
    return [(r.candidate.ref, r.rank, r.tied) for r in ranked]


def test_higher_score_first_whatever_the_sex():
    ranked = tie_break([Candidate("nu", 8, female=True), Candidate("nam", 9)])

    assert order(ranked) == [("nam", 1, False), ("nu", 2, False)]


def test_equal_scores_prefer_the_woman_nd152_dieu_4_khoan_6():
    ranked = tie_break([Candidate("nam", 9), Candidate("nu", 9, female=True)])

    assert order(ranked) == [("nu", 1, False), ("nam", 2, False)]
    assert ranked[0].reason_vi == (
        "Bằng điểm với nam; được ưu tiên vì là nữ (NĐ 152/2025/NĐ-CP Điều 4 khoản 6)."
    )


def test_still_equal_after_the_preference_share_a_rank_for_the_council():
    ranked = tie_break([Candidate("a", 9), Candidate("b", 9), Candidate("c", 7)])

    assert order(ranked) == [("a", 1, True), ("b", 1, True), ("c", 3, False)]
    assert ranked[0].reason_vi == (
        "Vẫn bằng điểm với b sau khi áp dụng ưu tiên: Hội đồng quyết định."
    )


def test_collective_with_seventy_percent_women_is_preferred_at_the_boundary():
    exactly = collective(ref="K70", member_stats={2025: MemberStats(total=10, women=7)})
    below = collective(ref="K69", member_stats={2025: MemberStats(total=100, women=69)})

    ranked = tie_break([candidate_for(below, 5, 2025), candidate_for(exactly, 5, 2025)])

    assert order(ranked) == [("K70", 1, False), ("K69", 2, False)]
    assert ranked[0].reason_vi.startswith("Bằng điểm với K69; được ưu tiên vì có từ 70%")


def test_candidate_for_a_person_reads_the_sex():
    assert candidate_for(person(female=True), 3, 2025) == Candidate("NV-1", 3, female=True)


def test_women_share_is_a_rulebook_parameter():
    rules = TieBreakRules(women_share=Fraction(1, 2))
    half = Candidate("K50", 5, women_share=Fraction(1, 2))
    none = Candidate("K0", 5, women_share=Fraction(0))

    assert order(tie_break([none, half], rules)) == [("K50", 1, False), ("K0", 2, False)]
