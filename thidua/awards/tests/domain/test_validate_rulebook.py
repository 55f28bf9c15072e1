"""A rulebook version that cannot be used is refused with Vietnamese reasons (issue 7, bad input:
"a rulebook version with a rule referring to an unknown fact")."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from thidua.awards.domain.default_rulebook import default_rulebook
from thidua.awards.domain.eligibility import CompiledRulebook, EligibilityError, evaluate
from thidua.awards.domain.rule_kinds import RulebookError, check_rulebook, validate_rulebook
from thidua.awards.domain.rules import RulebookFormatError, from_json, to_json
from thidua.awards.tests.domain.support import award, book, collective, person, rule


def test_unknown_rule_kind_is_refused():
    spec = book(award("a", rule("so_con_chau", code="x")))

    assert validate_rulebook(spec) == (
        "Tiêu chí “x” của “Danh hiệu a” (a): loại tiêu chí “so_con_chau” không tồn tại; các loại "
        "được hỗ trợ: “rating_at_least”, “consecutive_award”, “initiative_recognised”, "
        "“research_accepted”, “no_discipline”, “no_hold”, “months_worked”, “member_share”, "
        "“member_count”, “meets_award”, “council_judgement”, “any_of”, “all_of”.",
    )


def test_unknown_parameter_is_refused():
    spec = book(award("a", rule("rating_at_least", min_rating="HTTNV", so_nam_tuoi=30)))

    assert validate_rulebook(spec) == (
        "Tiêu chí “r” của “Danh hiệu a” (a): tham số “so_nam_tuoi” không được hỗ trợ; tham số "
        "hợp lệ: “min_rating”, “years”, “end_offset”.",
    )


def test_missing_required_parameter_is_refused():
    spec = book(award("a", rule("rating_at_least")))

    assert validate_rulebook(spec) == (
        "Tiêu chí “r” của “Danh hiệu a” (a): thiếu tham số bắt buộc “min_rating” (xếp loại tối "
        "thiểu).",
    )


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("rating_at_least", {"min_rating": "GIOI"}, "tham số “min_rating” nhận 'GIOI'"),
        ("rating_at_least", {"min_rating": "HTTNV", "years": 0}, "phải từ 1 trở lên"),
        ("rating_at_least", {"min_rating": "HTTNV", "years": "3"}, "phải là số nguyên"),
        ("months_worked", {"count_maternity": "có"}, "phải là true hoặc false"),
        ("no_discipline", {"min_form": "phê bình"}, "tham số “min_form” nhận 'phê bình'"),
        ("any_of", {"rules": []}, "danh sách các điều kiện con"),
        ("any_of", {"rules": [{"kind": "bay"}]}, "điều kiện con thứ 1: loại tiêu chí “bay”"),
    ],
)
def test_ill_typed_parameter_is_refused(kind, params, message):
    spec = book(award("a", rule(kind, **params)))

    problems = validate_rulebook(spec)

    assert len(problems) == 1
    assert message in problems[0]


def test_share_outside_zero_one_is_refused():
    spec = book(
        award(
            "a",
            rule("member_share", measure="advanced_workers", min_share="7/5"),
            subject="collective",
        )
    )

    assert validate_rulebook(spec) == (
        "Tiêu chí “r” của “Danh hiệu a” (a): tham số “min_share”: tỷ lệ 7/5 phải nằm trong "
        "khoảng 0 đến 1.",
    )


def test_reference_to_an_unknown_award_is_refused():
    spec = book(award("a", rule("consecutive_award", awards=["cstd_hanh_tinh"], years=2)))

    assert validate_rulebook(spec) == (
        "Tiêu chí “r” của “Danh hiệu a” (a): tham số “awards” nhắc đến danh hiệu, hình thức mã "
        "“cstd_hanh_tinh” không có trong bộ quy tắc.",
    )


def test_chain_of_an_award_not_counting_for_chains_is_refused():
    spec = book(
        award("a", rule("consecutive_award", awards=["gk"], years=2)),
        award("gk", rule("rating_at_least", min_rating="HTTNV"), chains=False, name="Giấy khen"),
    )

    assert validate_rulebook(spec) == (
        "Tiêu chí “r” của “Danh hiệu a” (a): tham số “awards”: “Giấy khen” không được tính vào "
        "chuỗi năm liên tục.",
    )


def test_rule_for_the_other_subject_is_refused():
    spec = book(award("a", rule("member_share", measure="advanced_workers", min_share="7/10")))

    assert validate_rulebook(spec) == (
        "Tiêu chí “r” của “Danh hiệu a” (a): loại tiêu chí “member_share” (Tỷ lệ cá nhân trong "
        "tập thể) không áp dụng cho cá nhân.",
    )


def test_meets_award_of_the_other_subject_is_refused():
    spec = book(
        award("a", rule("meets_award", award="t")),
        award("t", rule("rating_at_least", min_rating="HTTNV"), subject="collective", name="T"),
    )

    assert validate_rulebook(spec) == (
        "Tiêu chí “r” của “Danh hiệu a” (a): tham số “award”: “T” dành cho tập thể, không dùng "
        "được cho cá nhân.",
    )


def test_circular_meets_award_is_refused():
    spec = book(
        award("a", rule("meets_award", award="b")),
        award("b", rule("meets_award", award="a")),
    )

    assert validate_rulebook(spec) == (
        "“Danh hiệu a” (a) tự dẫn chiếu lại chính nó qua các tiêu chí “đạt tiêu chuẩn”.",
        "“Danh hiệu b” (b) tự dẫn chiếu lại chính nó qua các tiêu chí “đạt tiêu chuẩn”.",
    )


def test_duplicates_missing_citations_and_salary_are_all_reported():
    bare = replace(rule("rating_at_least", min_rating="HTTNV"), citation=" ")
    spec = replace(
        book(award("a", bare, bare), award("a", rule("no_hold"))), base_salary=Decimal(0)
    )

    assert validate_rulebook(spec) == (
        "Mức lương cơ sở phải lớn hơn 0.",
        "Mã danh hiệu, hình thức “a” bị trùng.",
        "Tiêu chí “r” của “Danh hiệu a” (a) thiếu căn cứ pháp lý.",
        "Tiêu chí “r” của “Danh hiệu a” (a) bị trùng mã.",
        "Tiêu chí “r” của “Danh hiệu a” (a) thiếu căn cứ pháp lý.",
    )


def test_award_without_rules_is_refused():
    assert validate_rulebook(book(award("a"))) == ("“Danh hiệu a” (a) chưa có tiêu chí nào.",)


def test_check_rulebook_and_compiling_raise_with_every_message():
    spec = book(award("a", rule("bay")), award("b"))

    with pytest.raises(RulebookError) as raised:
        check_rulebook(spec)
    with pytest.raises(RulebookError) as compiled:
        CompiledRulebook(spec)

    assert len(raised.value.messages) == 2
    assert compiled.value.messages == raised.value.messages


def test_from_json_refuses_a_malformed_award():
    data = to_json(default_rulebook())
    data["awards"][0]["subject"] = "gia_dinh"  # type: ignore[index]

    with pytest.raises(RulebookFormatError) as raised:
        from_json(data)

    assert raised.value.messages == [
        "Danh hiệu, hình thức “ldtt”: đối tượng phải là “individual” (cá nhân) hoặc "
        "“collective” (tập thể)."
    ]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "effective_from",
            "01/07/2025",
            "Bộ quy tắc, ngày áp dụng: ngày phải viết dạng “2025-07-01”.",
        ),
        (
            "base_salary",
            2340000.5,
            "Bộ quy tắc, mức lương cơ sở: số phải viết dạng chuỗi “2340000”, nhận 2340000.5.",
        ),
        ("version", "", "Bộ quy tắc: thiếu “version” (chuỗi ký tự)."),
    ],
)
def test_from_json_refuses_malformed_fields(key, value, message):
    data = to_json(default_rulebook())
    data[key] = value

    with pytest.raises(RulebookFormatError) as raised:
        from_json(data)

    assert raised.value.messages == [message]


def test_evaluate_refuses_an_unknown_award_and_the_wrong_subject():
    spec = default_rulebook()

    with pytest.raises(EligibilityError) as unknown:
        evaluate(spec, "huan_chuong", person(), 2025)
    with pytest.raises(EligibilityError) as subject:
        evaluate(spec, "ldtt", collective(ref="KHOA-NOI"), 2025)

    assert unknown.value.message == (
        "Bộ quy tắc 2025.1 không có danh hiệu, hình thức mã “huan_chuong”."
    )
    assert subject.value.message == (
        "“Lao động tiên tiến” dành cho cá nhân; “KHOA-NOI” là tập thể."
    )


def test_calendar_changes_are_checked_a_day_off_on_a_weekday_a_day_worked_on_a_weekend():
    from thidua.awards.domain.rules import CalendarChange, CalendarRules

    spec = replace(
        book(award("a", rule("rating_at_least", min_rating="HTTNV"))),
        calendar=CalendarRules(
            (
                CalendarChange(date(2026, 5, 2), off=True),  # a Saturday
                CalendarChange(date(2026, 5, 5), off=False),  # a Tuesday
                CalendarChange(date(2026, 5, 4), off=True),
                CalendarChange(date(2026, 5, 4), off=True),
            )
        ),
    )

    assert validate_rulebook(spec) == (
        "Lịch làm việc: ngày 02/05/2026 là thứ Bảy hoặc Chủ nhật, vốn đã nghỉ: chỉ ghi ngày nghỉ "
        "là ngày thường.",
        "Lịch làm việc: ngày làm bù 05/05/2026 là ngày thường, vốn đã làm việc: ngày làm bù phải "
        "là thứ Bảy hoặc Chủ nhật.",
        "Lịch làm việc: ngày 04/05/2026 ghi hai lần.",
    )


def test_calendar_changes_survive_json_and_a_wrong_kind_is_refused():
    data = to_json(default_rulebook())
    data["calendar"] = [
        {"date": "2026-05-09", "kind": "lam_bu", "note": "Làm bù", "citation": "TB 01/TB-VPCP"},
        {"date": "2026-05-04", "kind": "nghi", "note": "Nghỉ", "citation": "TB 01/TB-VPCP"},
    ]

    spec = from_json(data)

    assert [(c.day, c.off) for c in spec.calendar.changes] == [
        (date(2026, 5, 4), True),
        (date(2026, 5, 9), False),
    ]
    assert from_json(to_json(spec)) == spec
    data["calendar"] = [{"date": "2026-05-04", "kind": "nghi_le"}]
    with pytest.raises(RulebookFormatError) as caught:
        from_json(data)
    assert caught.value.messages == [
        "Lịch làm việc, dòng 1: “kind” phải là “nghi” (ngày nghỉ) hoặc “lam_bu” (ngày làm bù).",
    ]
