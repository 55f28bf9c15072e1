"""The default catalogue (LEGAL.md §1.1–1.6): each award with a subject that passes and one that
fails, the money, the vote shares, the JSON form."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from thidua.awards.domain.default_rulebook import (
    BANG_KHEN_CA_NHAN,
    BANG_KHEN_TAP_THE,
    CO_TP,
    CSTD_TP,
    CSTDCS,
    GIAY_KHEN_CA_NHAN,
    GIAY_KHEN_TAP_THE,
    LDTT,
    TTLDTT,
    TTLDXS,
    default_rulebook,
)
from thidua.awards.domain.eligibility import evaluate
from thidua.awards.domain.facts import (
    DisciplineFact,
    HeldAward,
    HoldFact,
    InitiativeFact,
    MemberStats,
    Rating,
)
from thidua.awards.domain.rule_kinds import validate_rulebook
from thidua.awards.domain.rules import from_json, to_json
from thidua.awards.tests.domain.support import good_collective, person

RULEBOOK = default_rulebook()


def failing_codes(code, facts, year=2025):
    evaluation = evaluate(RULEBOOK, code, facts, year)
    return [result.code for result in evaluation.failures]


def test_default_rulebook_is_valid():
    assert validate_rulebook(RULEBOOK) == ()


def test_default_rulebook_round_trips_through_json_text():
    stored = json.loads(json.dumps(to_json(RULEBOOK), ensure_ascii=False))

    assert from_json(stored) == RULEBOOK


def test_default_rulebook_every_rule_cites_its_source():
    citations = [rule.citation for award in RULEBOOK.awards for rule in award.rules]

    assert all(citations)
    assert any("[M]" in citation for citation in citations)


def test_default_rulebook_vote_shares_nd98_dieu_30_khoan_7():
    shares = {award.code: award.vote_share for award in RULEBOOK.awards if award.vote_share}

    assert shares == {CSTDCS: Fraction(4, 5), CSTD_TP: Fraction(9, 10), CO_TP: Fraction(4, 5)}


@pytest.mark.parametrize(
    ("code", "amount"),
    [
        (LDTT, Decimal(710_000)),  # 0,3 × 2.340.000 = 702.000 → 710.000
        (CSTDCS, Decimal(2_340_000)),
        (CSTD_TP, Decimal(7_020_000)),
        (TTLDTT, Decimal(1_880_000)),  # 0,8 × 2.340.000 = 1.872.000 → 1.880.000
        (TTLDXS, Decimal(3_510_000)),
        (CO_TP, Decimal(18_720_000)),
    ],
)
def test_reward_is_a_multiple_of_the_base_salary_nd152_dieu_50(code, amount):
    assert RULEBOOK.reward_amount(code) == amount


def test_reward_follows_a_new_base_salary():
    raised = replace(RULEBOOK, base_salary=Decimal(2_530_000))

    assert raised.reward_amount(CSTDCS) == Decimal(2_530_000)


# --- individuals -------------------------------------------------------------------------------

GOOD = {
    "ratings": {2023: Rating.HTXSNV, 2024: Rating.HTXSNV, 2025: Rating.HTXSNV},
    "months_worked": {2025: 12},
}


def test_ldtt_passes_for_a_well_rated_person_luat_dieu_24():
    assert failing_codes(LDTT, person(**GOOD)) == []


def test_ldtt_fails_for_htnv_and_discipline_luat_dieu_24_nd152_dieu_4():
    facts = person(
        ratings={2025: Rating.HTNV},
        discipline=(DisciplineFact("reprimand", date(2025, 5, 1), date(2026, 4, 30)),),
    )

    assert failing_codes(LDTT, facts) == ["xep_loai", "khong_ky_luat"]


def test_cstdcs_passes_with_an_initiative_instead_of_htxsnv_luat_dieu_23():
    facts = person(ratings={2025: Rating.HTTNV}, initiatives=(InitiativeFact(2025, "base"),))

    assert failing_codes(CSTDCS, facts) == []


def test_cstdcs_fails_when_ldtt_standard_fails_luat_dieu_23():
    facts = person(
        ratings={2025: Rating.HTXSNV}, holds=(HoldFact("investigation", date(2025, 12, 1)),)
    )

    evaluation = evaluate(RULEBOOK, CSTDCS, facts, 2025)

    assert [r.code for r in evaluation.failures] == ["dat_ldtt"]
    assert "Đang điều tra từ 01/12/2025" in evaluation.failures[0].explanation_vi


def test_cstdcs_fails_with_htttnv_and_no_initiative():
    assert failing_codes(CSTDCS, person(ratings={2025: Rating.HTTNV})) == ["thanh_tich"]


def test_cstd_tp_passes_after_three_cstdcs_and_a_city_initiative_luat_dieu_22():
    facts = person(
        **GOOD,
        awards=tuple(HeldAward(CSTDCS, y) for y in (2023, 2024, 2025)),
        initiatives=(InitiativeFact(2024, "city"),),
    )

    assert failing_codes(CSTD_TP, facts) == []


def test_cstd_tp_fails_when_one_cstdcs_is_thematic_nd152_dieu_4_khoan_3():
    facts = person(
        **GOOD,
        awards=(
            HeldAward(CSTDCS, 2023),
            HeldAward(CSTDCS, 2024, thematic=True),
            HeldAward(CSTDCS, 2025),
        ),
        initiatives=(InitiativeFact(2024, "city"),),
    )

    assert failing_codes(CSTD_TP, facts) == ["ba_lan_cstdcs"]


def test_cstd_tp_fails_when_the_city_initiative_was_already_used_cv_5007_bnv():
    facts = person(
        **GOOD,
        awards=tuple(HeldAward(CSTDCS, y) for y in (2023, 2024, 2025)),
        initiatives=(InitiativeFact(2024, "city", used_for_award=True),),
    )

    assert failing_codes(CSTD_TP, facts) == ["sang_kien_thanh_pho"]


def test_giay_khen_ca_nhan_passes_and_fails_on_rating_luat_dieu_75():
    assert failing_codes(GIAY_KHEN_CA_NHAN, person(**GOOD)) == []
    assert failing_codes(GIAY_KHEN_CA_NHAN, person(ratings={2025: Rating.HTNV})) == ["xep_loai"]


def test_bang_khen_ca_nhan_two_cstdcs_pass_without_the_council_branch_luat_dieu_74():
    facts = person(**GOOD, awards=(HeldAward(CSTDCS, 2024), HeldAward(CSTDCS, 2025)))

    result = evaluate(RULEBOOK, BANG_KHEN_CA_NHAN, facts, 2025).results[0]

    assert (result.passed, result.needs_council) == (True, False)


def test_bang_khen_ca_nhan_two_htxsnv_years_and_two_initiatives_pass_luat_dieu_74():
    facts = person(**GOOD, initiatives=(InitiativeFact(2024, "base"), InitiativeFact(2025, "base")))

    result = evaluate(RULEBOOK, BANG_KHEN_CA_NHAN, facts, 2025).results[0]

    assert (result.passed, result.needs_council) == (True, False)


def test_bang_khen_ca_nhan_otherwise_rests_on_the_council_and_fails_on_discipline():
    facts = person(
        ratings={2025: Rating.HTTNV},
        discipline=(DisciplineFact("warning", date(2025, 2, 1), date(2026, 1, 31)),),
    )

    evaluation = evaluate(RULEBOOK, BANG_KHEN_CA_NHAN, facts, 2025)

    assert [r.code for r in evaluation.failures] == ["khong_ky_luat"]
    assert evaluation.results[0].needs_council is True


# --- collectives --------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [TTLDTT, TTLDXS, CO_TP, GIAY_KHEN_TAP_THE, BANG_KHEN_TAP_THE])
def test_collective_awards_pass_for_a_good_khoa(code):
    assert failing_codes(code, good_collective()) == []


def test_ttldxs_fails_without_a_cstdcs_member_luat_dieu_27_d():
    stats = MemberStats(total=10, completing_tasks=10, advanced_workers=8, emulation_fighters=0)

    assert failing_codes(TTLDXS, good_collective(member_stats={2025: stats})) == ["co_cstdcs"]


def test_ttldxs_fails_when_one_member_did_not_complete_tasks_luat_dieu_27_c():
    stats = MemberStats(total=10, completing_tasks=9, advanced_workers=8, emulation_fighters=1)

    assert failing_codes(TTLDXS, good_collective(member_stats={2025: stats})) == [
        "tat_ca_hoan_thanh"
    ]


@pytest.mark.parametrize(("advanced", "failing"), [(7, []), (6, ["ty_le_ldtt"])])
def test_ttldtt_seventy_percent_boundary_luat_dieu_28(advanced, failing):
    stats = MemberStats(total=10, completing_tasks=10, advanced_workers=advanced)

    assert failing_codes(TTLDTT, good_collective(member_stats={2025: stats})) == failing


def test_ttldtt_fails_with_a_member_disciplined_from_warning_up_luat_dieu_28():
    stats = MemberStats(total=10, completing_tasks=10, advanced_workers=8, disciplined=1)

    assert failing_codes(TTLDTT, good_collective(member_stats={2025: stats})) == [
        "khong_ca_nhan_ky_luat"
    ]


def test_co_thi_dua_fails_on_htttnv_luat_dieu_26():
    facts = good_collective(ratings={2025: Rating.HTTNV})

    assert failing_codes(CO_TP, facts) == ["hoan_thanh_vuot"]


def test_bang_khen_tap_the_two_htxsnv_years_pass_without_the_council_branch():
    result = evaluate(RULEBOOK, BANG_KHEN_TAP_THE, good_collective(), 2025).results[0]

    assert (result.passed, result.needs_council) == (True, False)


def test_giay_khen_tap_the_fails_on_a_pending_complaint_nd152_dieu_4_khoan_4():
    facts = good_collective(holds=(HoldFact("complaint", date(2025, 10, 1)),))

    assert failing_codes(GIAY_KHEN_TAP_THE, facts) == ["khong_dang_xem_xet"]
