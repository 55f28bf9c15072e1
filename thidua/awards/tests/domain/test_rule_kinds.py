"""Each kind of rule, case by case, with the legal source it implements."""

from datetime import date

import pytest

from thidua.awards.domain.eligibility import evaluate
from thidua.awards.domain.facts import (
    DisciplineFact,
    HeldAward,
    HoldFact,
    InitiativeFact,
    LeaveFact,
    MemberStats,
    Rating,
    ResearchFact,
)
from thidua.awards.tests.domain.support import TARGET, collective, one_rule_book, person


def only_result(book, facts, year=2025):
    evaluation = evaluate(book, TARGET, facts, year)
    assert len(evaluation.results) == 1
    return evaluation.results[0]


# --- rating_at_least: Luật 06/2022/QH15 Điều 24 (LĐTT), Điều 27 (TTLĐXS) ----------------------


@pytest.mark.parametrize(
    ("ratings", "minimum", "passed", "explanation"),
    [
        (
            {2025: Rating.HTTNV},
            "HTXSNV",
            False,
            "Năm 2025 xếp loại Hoàn thành tốt nhiệm vụ; cần Hoàn thành xuất sắc nhiệm vụ.",
        ),
        (
            {2025: Rating.HTXSNV},
            "HTTNV",
            True,
            "Năm 2025 xếp loại Hoàn thành xuất sắc nhiệm vụ; cần Hoàn thành tốt nhiệm vụ trở lên.",
        ),
        (
            {2025: Rating.HTTNV},
            "HTTNV",
            True,
            "Năm 2025 xếp loại Hoàn thành tốt nhiệm vụ; cần Hoàn thành tốt nhiệm vụ trở lên.",
        ),
        (
            {2025: Rating.HTNV},
            "HTTNV",
            False,
            "Năm 2025 xếp loại Hoàn thành nhiệm vụ; cần Hoàn thành tốt nhiệm vụ trở lên.",
        ),
        (
            {2024: Rating.HTXSNV},
            "HTTNV",
            False,
            "Năm 2025 chưa có kết quả xếp loại; cần Hoàn thành tốt nhiệm vụ trở lên.",
        ),
    ],
)
def test_rating_at_least_compares_the_year_rating_luat_dieu_24(
    ratings, minimum, passed, explanation
):
    book = one_rule_book("rating_at_least", min_rating=minimum)

    result = only_result(book, person(ratings=ratings))

    assert (result.passed, result.explanation_vi) == (passed, explanation)
    assert result.citation == "Căn cứ của r"


def test_rating_at_least_over_two_years_needs_both_years_bang_khen_dieu_74():
    """Bằng khen: "liên tục từ 02 năm trở lên hoàn thành xuất sắc nhiệm vụ" (LEGAL.md §1.4)."""
    book = one_rule_book("rating_at_least", min_rating="HTXSNV", years=2)

    result = only_result(book, person(ratings={2024: Rating.HTTNV, 2025: Rating.HTXSNV}))

    assert result.passed is False
    assert result.explanation_vi == (
        "Năm 2024 xếp loại Hoàn thành tốt nhiệm vụ; năm 2025 xếp loại Hoàn thành xuất sắc nhiệm "
        "vụ; cần Hoàn thành xuất sắc nhiệm vụ trong 2 năm liên tục 2024–2025."
    )
    assert dict(result.facts_used) == {
        "Xếp loại năm 2024": "Hoàn thành tốt nhiệm vụ",
        "Xếp loại năm 2025": "Hoàn thành xuất sắc nhiệm vụ",
    }


def test_rating_at_least_accepts_plain_strings_from_the_app():
    book = one_rule_book("rating_at_least", min_rating="HTTNV")

    result = only_result(book, person(ratings={2025: "HTXSNV"}))

    assert result.passed is True


# --- consecutive_award: Luật Điều 22 (03 lần CSTĐCS), NĐ 152/2025 Điều 4 khoản 3–4 ------------

CHAIN = {"awards": ["cs"], "years": 3}


def test_consecutive_award_three_regular_years_pass_luat_dieu_22():
    book = one_rule_book("consecutive_award", **CHAIN)
    facts = person(
        awards=tuple(HeldAward("cs", y, decision=f"{y}/QĐ-SYT") for y in (2023, 2024, 2025))
    )

    result = only_result(book, facts)

    assert result.passed is True
    assert result.explanation_vi == (
        "Năm 2023: “Chiến sĩ thi đua cơ sở” (2023/QĐ-SYT); năm 2024: “Chiến sĩ thi đua cơ sở” "
        "(2024/QĐ-SYT); năm 2025: “Chiến sĩ thi đua cơ sở” (2025/QĐ-SYT); cần “Chiến sĩ thi đua "
        "cơ sở” 3 năm liên tục 2023–2025."
    )


def test_consecutive_award_thematic_award_does_not_count_nd152_dieu_4_khoan_3():
    """Awards of a thematic movement are no basis for regular awards (NĐ 152/2025 Điều 4.3)."""
    book = one_rule_book("consecutive_award", **CHAIN)
    facts = person(
        awards=(
            HeldAward("cs", 2023),
            HeldAward("cs", 2024, thematic=True, decision="5/QĐ-SYT"),
            HeldAward("cs", 2025),
        )
    )

    result = only_result(book, facts)

    assert result.passed is False
    assert result.explanation_vi == (
        "Năm 2024: “Chiến sĩ thi đua cơ sở” (5/QĐ-SYT) thuộc phong trào thi đua theo chuyên đề, "
        "không tính vào chuỗi năm liên tục; cần “Chiến sĩ thi đua cơ sở” 3 năm liên tục 2023–2025."
    )


def test_consecutive_award_thematic_award_beside_a_regular_one_breaks_nothing():
    book = one_rule_book("consecutive_award", **CHAIN)
    regular = tuple(HeldAward("cs", y) for y in (2023, 2024, 2025))
    facts = person(awards=(*regular, HeldAward("cs", 2024, thematic=True)))

    assert only_result(book, facts).passed is True


def test_consecutive_award_revoked_award_breaks_the_chain_luat_chuong_vii():
    book = one_rule_book("consecutive_award", **CHAIN)
    facts = person(
        awards=(
            HeldAward("cs", 2023),
            HeldAward("cs", 2024, revoked=True, decision="7/QĐ-SYT"),
            HeldAward("cs", 2025),
        )
    )

    result = only_result(book, facts)

    assert result.passed is False
    assert (
        result.facts_used["Năm 2024"]
        == "“Chiến sĩ thi đua cơ sở” (7/QĐ-SYT) đã bị hủy bỏ, không tính"
    )


def test_consecutive_award_years_until_discipline_ends_do_not_count_nd152_dieu_4_khoan_4():
    """Achievements count only from the day the discipline ends (NĐ 152/2025 Điều 4.4)."""
    book = one_rule_book("consecutive_award", **CHAIN)
    facts = person(
        awards=tuple(HeldAward("cs", y) for y in (2023, 2024, 2025)),
        discipline=(DisciplineFact("reprimand", date(2023, 3, 1), date(2024, 2, 28)),),
    )

    result = only_result(book, facts)

    assert result.passed is False
    assert result.explanation_vi.startswith(
        "Năm 2023 không tính vì kỷ luật đến 28/02/2024: thành tích chỉ được tính từ ngày chấp "
        "hành xong kỷ luật; năm 2024 không tính"
    )


def test_consecutive_award_gap_year_fails():
    book = one_rule_book("consecutive_award", **CHAIN)
    facts = person(awards=(HeldAward("cs", 2023), HeldAward("cs", 2025)))

    result = only_result(book, facts)

    assert result.passed is False
    assert result.facts_used["Năm 2024"] == "không có"


def test_consecutive_award_or_rating_accepts_an_htxsnv_year_bang_khen_tap_the():
    """Bằng khen tập thể: "02 năm liên tục HTXSNV hoặc đạt TTLĐXS" (LEGAL.md §1.4)."""
    book = one_rule_book(
        "consecutive_award", subject="collective", awards=["tt"], years=2, or_rating="HTXSNV"
    )
    facts = collective(awards=(HeldAward("tt", 2024),), ratings={2025: Rating.HTXSNV})

    result = only_result(book, facts)

    assert result.passed is True
    assert dict(result.facts_used) == {
        "Năm 2024": "“Tập thể lao động xuất sắc”",
        "Năm 2025": "xếp loại Hoàn thành xuất sắc nhiệm vụ",
    }


# --- initiative_recognised: Luật Điều 23; one use (Công văn 5007/BNV-TĐKT) ----------------------


def test_initiative_recognised_counts_an_unused_base_initiative_luat_dieu_23():
    book = one_rule_book("initiative_recognised", min_level="base")

    result = only_result(book, person(initiatives=(InitiativeFact(2025, "base", ref="SK-1"),)))

    assert result.passed is True
    assert result.explanation_vi == (
        "Có 1 sáng kiến được công nhận cấp cơ sở trở lên năm 2025 (SK-1); cần ít nhất 1."
    )


def test_initiative_already_used_for_an_award_does_not_count_cv_5007_bnv():
    """ "Một sáng kiến chỉ được sử dụng một lần khi làm tiêu chuẩn đề nghị khen thưởng"."""
    book = one_rule_book("initiative_recognised", min_level="base")
    facts = person(initiatives=(InitiativeFact(2025, "base", used_for_award=True, ref="SK-1"),))

    result = only_result(book, facts)

    assert result.passed is False
    assert result.explanation_vi == (
        "Không có sáng kiến được công nhận cấp cơ sở trở lên năm 2025 chưa dùng làm căn cứ; sáng "
        "kiến SK-1 đã dùng làm căn cứ khen thưởng khác, mỗi sáng kiến chỉ được sử dụng một lần; "
        "cần ít nhất 1."
    )


@pytest.mark.parametrize(
    ("initiative", "passed"),
    [
        (InitiativeFact(2025, "base"), False),  # below city level
        (InitiativeFact(2025, "city"), True),
        (InitiativeFact(2025, "national"), True),  # above counts
        (InitiativeFact(2022, "city"), False),  # outside the 3-year window
        (InitiativeFact(2023, "city"), True),
        (InitiativeFact(2026, "city"), False),  # after the year considered
    ],
)
def test_initiative_recognised_level_and_window_luat_dieu_22(initiative, passed):
    book = one_rule_book("initiative_recognised", min_level="city", years=3)

    assert only_result(book, person(initiatives=(initiative,))).passed is passed


def test_initiative_recognised_count_two_bang_khen():
    book = one_rule_book("initiative_recognised", count=2, years=2)
    one = person(initiatives=(InitiativeFact(2024, "base", ref="A"),))
    two = person(
        initiatives=(InitiativeFact(2024, "base", ref="A"), InitiativeFact(2025, "base", ref="B"))
    )

    assert (only_result(book, one).passed, only_result(book, two).passed) == (False, True)


# --- research_accepted: Luật Điều 23 ------------------------------------------------------------


def test_research_accepted_at_ministry_level_counts_as_city_level():
    book = one_rule_book("research_accepted", min_level="city")

    result = only_result(book, person(research=(ResearchFact(2025, "ministry", ref="ĐT-9"),)))

    assert result.passed is True
    assert result.facts_used == {"Đề tài ĐT-9": "cấp bộ, nghiệm thu 2025"}


def test_research_accepted_none_fails():
    book = one_rule_book("research_accepted")

    result = only_result(book, person())

    assert result.passed is False
    assert result.explanation_vi == (
        "Không có đề tài, đề án được nghiệm thu cấp cơ sở trở lên năm 2025; cần ít nhất 1."
    )


# --- no_discipline: NĐ 152/2025 Điều 4 khoản 4 ---------------------------------------------------


@pytest.mark.parametrize(
    ("record", "passed"),
    [
        (DisciplineFact("reprimand", date(2025, 3, 1), date(2026, 2, 28)), False),
        (DisciplineFact("reprimand", date(2024, 3, 1), date(2025, 1, 15)), False),  # ends in year
        (DisciplineFact("reprimand", date(2023, 3, 1), date(2024, 2, 28)), True),  # over before
        (DisciplineFact("warning", date(2026, 1, 10), None), True),  # starts after the year
        (DisciplineFact("demotion", date(2022, 1, 10), None), False),  # still running
    ],
)
def test_no_discipline_in_the_year_nd152_dieu_4_khoan_4(record, passed):
    book = one_rule_book("no_discipline")

    assert only_result(book, person(discipline=(record,))).passed is passed


def test_no_discipline_names_the_form_and_dates():
    book = one_rule_book("no_discipline")
    facts = person(discipline=(DisciplineFact("warning", date(2025, 3, 1), date(2026, 2, 28)),))

    result = only_result(book, facts)

    assert result.explanation_vi == (
        "Bị kỷ luật cảnh cáo từ 01/03/2025 đến 28/02/2026, trong năm 2025; không khen thưởng "
        "trong thời gian chấp hành kỷ luật."
    )


def test_no_discipline_from_warning_up_ignores_a_reprimand_luat_dieu_28():
    book = one_rule_book("no_discipline", min_form="warning")
    facts = person(discipline=(DisciplineFact("reprimand", date(2025, 3, 1), None),))

    assert only_result(book, facts).passed is True


# --- no_hold: NĐ 152/2025 Điều 4 khoản 4 -----------------------------------------------------------


def test_no_hold_pending_inspection_fails_nd152_dieu_4_khoan_4():
    book = one_rule_book("no_hold")
    facts = person(holds=(HoldFact("inspection", date(2025, 11, 5)),))

    result = only_result(book, facts)

    assert result.passed is False
    assert result.explanation_vi == (
        "Đang thanh tra, kiểm tra từ 05/11/2025: chưa xét khen thưởng khi chưa có kết luận."
    )


def test_no_hold_resolved_hold_passes():
    book = one_rule_book("no_hold")
    facts = person(holds=(HoldFact("complaint", date(2025, 1, 5), date(2025, 4, 1)),))

    assert only_result(book, facts).passed is True


def test_no_hold_limited_to_kinds_ignores_other_kinds():
    book = one_rule_book("no_hold", kinds=["investigation"])
    facts = person(holds=(HoldFact("complaint", date(2025, 1, 5)),))

    assert only_result(book, facts).passed is True


# --- months_worked, maternity leave: NĐ 152/2025 Điều 4 khoản 5 --------------------------------


def test_months_worked_maternity_leave_counts_as_worked_nd152_dieu_4_khoan_5():
    book = one_rule_book("months_worked", min_months=10)
    facts = person(
        months_worked={2025: 6},
        leaves=(LeaveFact("maternity", date(2025, 1, 1), date(2025, 6, 30)),),
    )

    result = only_result(book, facts)

    assert result.passed is True
    assert result.explanation_vi == (
        "Năm 2025 công tác 6 tháng, nghỉ thai sản 6 tháng được tính là thời gian công tác, tổng "
        "12 tháng; cần ít nhất 10 tháng."
    )


def test_months_worked_without_maternity_counting_fails():
    book = one_rule_book("months_worked", min_months=10, count_maternity=False)
    facts = person(
        months_worked={2025: 6},
        leaves=(LeaveFact("maternity", date(2025, 1, 1), date(2025, 6, 30)),),
    )

    assert only_result(book, facts).passed is False


@pytest.mark.parametrize(("months", "passed"), [(9, False), (10, True), (12, True)])
def test_months_worked_boundary_ten_months(months, passed):
    book = one_rule_book("months_worked", min_months=10)

    assert only_result(book, person(months_worked={2025: months})).passed is passed


def test_months_worked_untracked_assumes_the_whole_year_and_says_so():
    book = one_rule_book("months_worked")

    result = only_result(book, person())

    assert result.passed is True
    assert result.explanation_vi == (
        "Không có số liệu thời gian công tác năm 2025, coi là đủ 12 tháng; cần ít nhất 10 tháng."
    )


# --- member_share, member_count: Luật Điều 27, 28 ----------------------------------------------


@pytest.mark.parametrize(
    ("advanced", "total", "passed"),
    [(7, 10, True), (69, 100, False), (70, 100, True), (6, 10, False), (10, 10, True)],
)
def test_member_share_seventy_percent_boundary_luat_dieu_28(advanced, total, passed):
    book = one_rule_book(
        "member_share", subject="collective", measure="advanced_workers", min_share="7/10"
    )
    facts = collective(member_stats={2025: MemberStats(total=total, advanced_workers=advanced)})

    assert only_result(book, facts).passed is passed


def test_member_share_explanation_names_counts_and_share():
    book = one_rule_book(
        "member_share", subject="collective", measure="advanced_workers", min_share="7/10"
    )
    facts = collective(member_stats={2025: MemberStats(total=9, advanced_workers=6)})

    result = only_result(book, facts)

    assert result.explanation_vi == (
        "Năm 2025 có 6/9 cá nhân (66,7%) đạt danh hiệu “Lao động tiên tiến”; cần ít nhất 70%."
    )


def test_member_share_all_completing_tasks_luat_dieu_27_c():
    book = one_rule_book(
        "member_share", subject="collective", measure="completing_tasks", min_share="1"
    )
    almost = collective(member_stats={2025: MemberStats(total=40, completing_tasks=39)})
    everyone = collective(member_stats={2025: MemberStats(total=40, completing_tasks=40)})

    assert (only_result(book, almost).passed, only_result(book, everyone).passed) == (False, True)


def test_member_share_without_member_data_fails():
    book = one_rule_book(
        "member_share", subject="collective", measure="advanced_workers", min_share="7/10"
    )

    result = only_result(book, collective())

    assert result.passed is False
    assert result.explanation_vi == (
        "Năm 2025 chưa có số liệu thành viên của tập thể; cần ít nhất 70%."
    )


@pytest.mark.parametrize(("fighters", "passed"), [(0, False), (1, True), (3, True)])
def test_member_count_at_least_one_cstdcs_luat_dieu_27_d(fighters, passed):
    book = one_rule_book("member_count", subject="collective", measure="emulation_fighters", min=1)
    facts = collective(member_stats={2025: MemberStats(total=10, emulation_fighters=fighters)})

    assert only_result(book, facts).passed is passed


@pytest.mark.parametrize(("disciplined", "passed"), [(0, True), (1, False)])
def test_member_count_nobody_disciplined_from_warning_up_luat_dieu_28(disciplined, passed):
    book = one_rule_book("member_count", subject="collective", measure="disciplined", max=0)
    facts = collective(member_stats={2025: MemberStats(total=10, disciplined=disciplined)})

    result = only_result(book, facts)

    assert result.passed is passed
    assert result.explanation_vi.endswith("cần không có cá nhân nào.")


# --- meets_award, council_judgement, any_of, all_of --------------------------------------------


def test_meets_award_reports_the_other_awards_failure_luat_dieu_23():
    book = one_rule_book("meets_award", award="cs")

    result = only_result(book, person(ratings={2025: Rating.HTTNV}))

    assert result.passed is False
    assert result.explanation_vi == (
        "Chưa đạt tiêu chuẩn “Chiến sĩ thi đua cơ sở” năm 2025: Năm 2025 xếp loại Hoàn thành tốt "
        "nhiệm vụ; cần Hoàn thành xuất sắc nhiệm vụ."
    )


def test_council_judgement_passes_marked_for_the_council():
    book = one_rule_book("council_judgement", criterion="nội bộ đoàn kết")

    result = only_result(book, person())

    assert (result.passed, result.needs_council) == (True, True)
    assert result.explanation_vi == (
        "Tiêu chí do Hội đồng Thi đua – Khen thưởng đánh giá khi bình xét, bỏ phiếu: nội bộ đoàn kết."
    )


ANY = [
    {
        "kind": "rating_at_least",
        "description": "Hoàn thành xuất sắc nhiệm vụ",
        "params": {"min_rating": "HTXSNV"},
    },
    {"kind": "initiative_recognised", "description": "Có sáng kiến", "params": {}},
]


def test_any_of_passes_on_one_branch_and_names_it_luat_dieu_23():
    book = one_rule_book("any_of", rules=ANY)
    facts = person(
        ratings={2025: Rating.HTTNV}, initiatives=(InitiativeFact(2025, "base", ref="SK-3"),)
    )

    result = only_result(book, facts)

    assert result.passed is True
    assert result.explanation_vi == (
        "Đạt điều kiện “Có sáng kiến”: Có 1 sáng kiến được công nhận cấp cơ sở trở lên năm 2025 "
        "(SK-3); cần ít nhất 1."
    )


def test_any_of_fails_listing_every_branch():
    book = one_rule_book("any_of", rules=ANY)

    result = only_result(book, person(ratings={2025: Rating.HTTNV}))

    assert result.passed is False
    assert result.explanation_vi.startswith(
        "Không đạt điều kiện nào: (1) Hoàn thành xuất sắc nhiệm vụ: Năm 2025 xếp loại Hoàn thành "
        "tốt nhiệm vụ; cần Hoàn thành xuất sắc nhiệm vụ. (2) Có sáng kiến: Không có sáng kiến"
    )


def test_any_of_resting_on_council_judgement_only_is_marked():
    rules = [*ANY, {"kind": "council_judgement", "params": {"criterion": "thành tích đột xuất"}}]
    book = one_rule_book("any_of", rules=rules)

    result = only_result(book, person(ratings={2025: Rating.HTTNV}))

    assert (result.passed, result.needs_council) == (True, True)


def test_all_of_needs_every_branch():
    book = one_rule_book("all_of", rules=ANY)
    rated = person(ratings={2025: Rating.HTXSNV})
    both = person(ratings={2025: Rating.HTXSNV}, initiatives=(InitiativeFact(2025, "base"),))

    assert (only_result(book, rated).passed, only_result(book, both).passed) == (False, True)


@pytest.mark.parametrize(("advanced", "passed"), [(2, True), (1, False)])
def test_member_share_fraction_parameter_is_exact(advanced, passed):
    """2/3 of 3 is exactly 2: no float rounding at the boundary."""
    book = one_rule_book(
        "member_share", subject="collective", measure="advanced_workers", min_share="2/3"
    )
    facts = collective(member_stats={2025: MemberStats(total=3, advanced_workers=advanced)})

    assert only_result(book, facts).passed is passed
