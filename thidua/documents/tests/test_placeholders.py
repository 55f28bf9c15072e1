"""The template contract, pure: which placeholders a text may use, how braces must pair, what
a required field refuses, how texts are filled, split into lines and turned into a signer."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.documents.content import Authority, Signer
from thidua.documents.placeholders import (
    MAX_FIELD_LENGTH,
    SIGNER_FIELDS,
    TemplateField,
    TemplateSpec,
    check_field,
    check_texts,
    fill,
    lines_of,
    placeholders_in,
    signer_fields,
    signer_from,
)
from thidua.documents.previews import changed_fields, generic_preview, sample_values
from thidua.documents.tests.conftest import TEST_SPEC

ALLOWED = {"nam": "Năm", "so_luong": "Số lượng"}


def test_placeholders_in_reads_names_with_spaces_inside_the_braces() -> None:
    assert placeholders_in("Năm {{nam}}, {{ so_luong }} sáng kiến, {{nam}}") == [
        "nam",
        "so_luong",
        "nam",
    ]


def test_check_field_accepts_known_placeholders_and_lone_braces() -> None:
    assert check_field("Năm {{ nam }}: {a} và }", allowed=ALLOWED) == []


def test_check_field_names_each_unknown_placeholder_once_with_the_usable_ones() -> None:
    problems = check_field("{{khong_co}} {{khong_co}} {{la}}", allowed=ALLOWED)

    assert problems == [
        "Không có trường trộn {{khong_co}}, {{la}}. Các trường dùng được: {{nam}}, {{so_luong}}."
    ]


def test_check_field_without_any_placeholder_says_none_is_usable() -> None:
    assert check_field("{{nam}}", allowed={}) == [
        "Không có trường trộn {{nam}}. Các trường dùng được: (không có)."
    ]


@pytest.mark.parametrize("name", ["Nam", "số_lượng", "1nam", "so-luong"])
def test_check_field_refuses_a_malformed_name(name: str) -> None:
    problems = check_field(f"{{{{{name}}}}}", allowed=ALLOWED)

    assert problems == [
        f"Trường trộn “{{{{{name}}}}}” không hợp lệ: tên chỉ gồm chữ thường không dấu, "
        "chữ số và dấu “_”."
    ]


@pytest.mark.parametrize("text", ["Năm {{nam", "Năm nam}}", "{{nam}} và {{", "{{nam}}}}"])
def test_check_field_refuses_unbalanced_double_braces(text: str) -> None:
    assert check_field(text, allowed=ALLOWED) == ["Có “{{” hoặc “}}” chưa đóng mở đúng cặp."]


def test_check_field_treats_extra_single_braces_around_a_placeholder_as_text() -> None:
    assert check_field("{{{nam}}}", allowed=ALLOWED) == []
    assert fill("{{{nam}}}", {"nam": "2026"}) == "{2026}"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_check_field_refuses_an_empty_required_field(text: str) -> None:
    assert check_field(text, allowed=ALLOWED) == ["Không được để trống."]
    assert check_field(text, allowed=ALLOWED, required=False) == []


def test_check_field_refuses_a_text_over_the_limit() -> None:
    assert check_field("a" * MAX_FIELD_LENGTH, allowed=ALLOWED) == []
    assert check_field("a" * (MAX_FIELD_LENGTH + 1), allowed=ALLOWED) == ["Dài quá 4.000 ký tự."]


def test_check_field_reports_every_problem_of_a_text() -> None:
    problems = check_field("{{Nam}} {{x}} {{", allowed=ALLOWED)

    assert len(problems) == 3


def test_check_texts_keys_errors_by_field_and_counts_a_missing_field_as_empty() -> None:
    texts = TEST_SPEC.defaults() | {"article_1": "{{khong_co}}"}
    del texts["preamble"]

    errors = check_texts(TEST_SPEC, texts)

    assert errors == {
        "preamble": "Không được để trống.",
        "article_1": (
            "Không có trường trộn {{khong_co}}. Các trường dùng được: {{so_luong}}, {{nam}}."
        ),
    }


def test_check_texts_limits_a_field_to_its_own_placeholders() -> None:
    spec = TemplateSpec(
        key="tests.only",
        name="Thử",
        kind_name="Thông báo",
        kind_code="TB",
        fields=(TemplateField("title", "Tiêu đề", "Năm {{nam}}", only=frozenset({"nam"})),),
        placeholders=ALLOWED,
    )

    assert check_texts(spec, {"title": "Năm {{nam}}"}) == {}
    assert check_texts(spec, {"title": "{{so_luong}}"}) == {
        "title": "Không có trường trộn {{so_luong}}. Các trường dùng được: {{nam}}."
    }


@pytest.mark.parametrize("authority", ["KT", "Thay mặt", "kt."])
def test_check_texts_refuses_an_unknown_signing_authority(authority: str) -> None:
    texts = TEST_SPEC.defaults() | {"signer_authority": authority}

    assert check_texts(TEST_SPEC, texts) == {
        "signer_authority": "Chỉ được là TM., KT., Q., TL., TUQ. hoặc để trống."
    }


def test_every_default_of_the_signer_fields_passes_the_checks() -> None:
    spec = TemplateSpec(
        key="tests.signer", name="Thử", kind_name="Tờ trình", kind_code="TTr", fields=SIGNER_FIELDS
    )

    assert check_texts(spec, spec.defaults()) == {}


def test_fill_replaces_each_placeholder_with_its_value() -> None:
    assert fill(
        "Công nhận {{ so_luong }} sáng kiến năm {{nam}}.", {"nam": "2026", "so_luong": "25"}
    ) == ("Công nhận 25 sáng kiến năm 2026.")


def test_fill_raises_for_a_placeholder_without_a_value() -> None:
    with pytest.raises(KeyError):
        fill("{{nam}}", {})


@given(st.text(alphabet=st.characters(blacklist_characters="{}")))
def test_text_without_braces_is_left_as_it_is(text: str) -> None:
    assert fill(text, {}) == text
    assert check_field(text, allowed={}, required=False) == (
        [] if len(text) <= MAX_FIELD_LENGTH else ["Dài quá 4.000 ký tự."]
    )


def test_lines_of_strips_lines_and_skips_blank_ones() -> None:
    assert lines_of("  Như Điều 3;\r\n\n   \nGiám đốc Sở (để báo cáo);  ") == (
        "Như Điều 3;",
        "Giám đốc Sở (để báo cáo);",
    )
    assert lines_of("") == ()


def test_signer_from_reads_authority_titles_and_name() -> None:
    texts = {
        "signer_authority": " KT. ",
        "signer_titles": "Giám đốc\nPhó Giám đốc\n",
        "signer_name": "Nguyễn Văn An",
    }

    assert signer_from(texts) == Signer(
        Authority.DEPUTY, ("Giám đốc", "Phó Giám đốc"), "Nguyễn Văn An"
    )
    assert signer_from(texts, name="Trần Thị Mai").name == "Trần Thị Mai"


def test_signer_from_an_unknown_authority_or_empty_texts_signs_directly() -> None:
    assert signer_from({"signer_authority": "XX"}).authority == Authority.NONE
    assert signer_from({}) == Signer(Authority.NONE, (), "")


# --- Previews and history (previews.py) ---------------------------------------------------------


def test_sample_values_fall_back_to_the_description_in_brackets() -> None:
    spec = TemplateSpec(
        key="tests.sample",
        name="Thử",
        kind_name="Thông báo",
        kind_code="TB",
        fields=(),
        placeholders=ALLOWED,
        sample={"nam": "2026"},
    )

    assert sample_values(spec) == {"nam": "2026", "so_luong": "[Số lượng]"}


def test_generic_preview_is_made_of_the_filled_fields() -> None:
    from thidua.documents.content import Issuer, Paragraph

    document = generic_preview(TEST_SPEC, TEST_SPEC.defaults(), issuer=Issuer(name="Sở Y tế"))

    assert document.summary == "Về việc công nhận sáng kiến năm 2026"
    assert document.body == (
        Paragraph("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
        Paragraph("Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ;"),
        Paragraph(
            "Công nhận 25 sáng kiến năm 2026 của các đơn vị trực thuộc Sở Y tế "
            "(có danh sách kèm theo)."
        ),
    )
    assert document.signer == Signer(
        Authority.DEPUTY, ("Giám đốc", "Phó Giám đốc"), "(Họ và tên người ký)"
    )
    assert document.recipients == ("Như Điều 3;", "Giám đốc Sở (để báo cáo);")
    assert (document.kind_code, document.number) == ("QĐ", "")


def test_changed_fields_lists_only_the_changed_lines_of_a_lines_field() -> None:
    before = TEST_SPEC.defaults()
    after = before | {
        "preamble": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
        "Căn cứ Quyết định số 2345/QĐ-UBND;",
        "archive_note": "VT, TCCB",
    }

    changes = changed_fields(TEST_SPEC, before, after)

    assert [(c.name, c.removed, c.added) for c in changes] == [
        (
            "preamble",
            ("Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ;",),
            ("Căn cứ Quyết định số 2345/QĐ-UBND;",),
        ),
        ("archive_note", ("VT",), ("VT, TCCB",)),
    ]


def test_changed_fields_counts_a_missing_field_as_its_default() -> None:
    assert changed_fields(TEST_SPEC, {}, TEST_SPEC.defaults()) == []


def test_signer_fields_take_a_kinds_defaults_and_refuse_a_name_that_is_not_a_signer_field() -> None:
    fields = {
        item.name: item for item in signer_fields(signer_titles="Giám đốc", archive_note="VT")
    }

    assert fields["signer_titles"].default == "Giám đốc"
    assert fields["archive_note"].default == "VT"
    assert fields["recipients"].default == next(
        f.default for f in SIGNER_FIELDS if f.name == "recipients"
    )
    with pytest.raises(KeyError, match="not signer fields"):
        signer_fields(signature="x")
