"""Saving a template's wording: versions per unit, the nearest unit of a line wins over the
defaults, every save audited, refused without the permission at that unit, nothing saved when
a field is wrong; restoring the defaults; the preview PDF of a draft."""

from pathlib import Path
from typing import Any

import pytest

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.documents.content import Authority, Issuer, OfficialDocument, Paragraph, Signer
from thidua.documents.models import DocumentTemplate
from thidua.documents.placeholders import TemplateSpec, fill
from thidua.documents.selectors import TemplateUnit, template_units
from thidua.documents.services.templates import (
    preview_builder,
    register_template,
    registered_templates,
    render_preview,
    restore_template_defaults,
    save_template,
    template_spec,
    template_texts,
    unregister_template,
)
from thidua.documents.tests.conftest import TEST_KEY
from thidua.documents.tests.reading import pdf_text
from thidua.organizations.tests.factories import UserFactory, grant

ARTICLE_ROOT = "Công nhận {{so_luong}} sáng kiến cấp Sở năm {{nam}}."
ARTICLE_A = "Công nhận {{so_luong}} sáng kiến cấp cơ sở của Bệnh viện A năm {{nam}}."


def _save(by: Any, unit_path: str, spec: TemplateSpec, note: str = "", **changes: str) -> Any:
    return save_template(
        by=by, key=spec.key, unit_path=unit_path, texts=spec.defaults() | changes, note=note
    )


def test_saving_twice_at_a_unit_makes_versions_one_and_two(cast, org, test_template) -> None:
    officer = cast[Role.DEPT_OFFICER]

    first = _save(officer, org.root.path, test_template, article_1=ARTICLE_ROOT)
    second = _save(officer, org.root.path, test_template, archive_note="VT, TCCB")

    assert (first.version, second.version) == (1, 2)
    texts = template_texts(TEST_KEY, unit_path=org.root.path)
    assert (texts["article_1"], texts["archive_note"]) == (
        test_template.defaults()["article_1"],
        "VT, TCCB",
    )


def test_the_nearest_unit_of_the_line_wins(cast, org, test_template) -> None:
    officer = cast[Role.DEPT_OFFICER]
    _save(officer, org.root.path, test_template, article_1=ARTICLE_ROOT)
    _save(officer, org.a.path, test_template, article_1=ARTICLE_A)

    assert template_texts(TEST_KEY, unit_path=org.a1.path)["article_1"] == ARTICLE_A
    assert template_texts(TEST_KEY, unit_path=org.a.path)["article_1"] == ARTICLE_A
    assert template_texts(TEST_KEY, unit_path=org.b1.path)["article_1"] == ARTICLE_ROOT
    assert template_texts(TEST_KEY, unit_path=org.root.path)["article_1"] == ARTICLE_ROOT


def test_without_a_saved_version_the_defaults_apply(org, test_template) -> None:
    assert template_texts(TEST_KEY, unit_path=org.a1.path) == test_template.defaults()


def test_a_field_a_saved_version_lacks_falls_back_to_its_default(cast, org, test_template) -> None:
    DocumentTemplate.objects.create(
        key=TEST_KEY,
        unit_path=org.root.path,
        version=1,
        texts={"article_1": ARTICLE_ROOT, "retired_field": "bỏ"},
        created_by=cast[Role.DEPT_OFFICER],
    )

    texts = template_texts(TEST_KEY, unit_path=org.a.path)

    assert texts == test_template.defaults() | {"article_1": ARTICLE_ROOT}


def test_saving_writes_an_audit_row_with_the_changed_fields_and_the_note(
    cast, org, test_template
) -> None:
    officer = cast[Role.DEPT_OFFICER]

    row = _save(officer, org.root.path, test_template, note="Thêm căn cứ", article_1=ARTICLE_ROOT)
    _save(officer, org.root.path, test_template, article_1=ARTICLE_A)

    entries = list(
        AuditEntry.objects.filter(target_type="documents.documenttemplate").order_by("pk")
    )
    assert [(e.action, e.unit_path, e.reason) for e in entries] == [
        (AuditAction.CREATE, org.root.path, "Thêm căn cứ"),
        (AuditAction.UPDATE, org.root.path, "Sửa mẫu văn bản"),
    ]
    assert entries[0].target_id == str(row.pk)
    assert entries[0].changes == {
        "article_1": [test_template.defaults()["article_1"], ARTICLE_ROOT]
    }
    assert entries[1].changes == {"article_1": [ARTICLE_ROOT, ARTICLE_A]}


def test_saving_trims_fields_and_turns_windows_line_ends_into_newlines(
    cast, org, test_template
) -> None:
    row = _save(
        cast[Role.DEPT_OFFICER],
        org.root.path,
        test_template,
        preamble="  Căn cứ A;\r\nCăn cứ B;\r\n",
    )

    assert row.texts["preamble"] == "Căn cứ A;\nCăn cứ B;"


def test_saving_at_a_unit_without_the_permission_is_refused(cast, org, test_template) -> None:
    hospital_officer = UserFactory(username="tccb_bv_a")
    grant(hospital_officer, Role.DEPT_OFFICER, org.a)

    _save(hospital_officer, org.a1.path, test_template, article_1=ARTICLE_A)
    with pytest.raises(PermissionDeniedError) as refused:
        _save(hospital_officer, org.b.path, test_template, article_1=ARTICLE_A)
    with pytest.raises(PermissionDeniedError):
        _save(cast[Role.UNIT_OFFICER], org.a.path, test_template, article_1=ARTICLE_A)

    assert refused.value.message == "Bạn không có quyền sửa mẫu văn bản của đơn vị này."
    assert list(DocumentTemplate.objects.values_list("unit_path", flat=True)) == [org.a1.path]


def test_nothing_is_saved_when_a_field_is_wrong(cast, org, test_template) -> None:
    with pytest.raises(ValidationFailedError) as refused:
        _save(
            cast[Role.DEPT_OFFICER],
            org.root.path,
            test_template,
            article_1="Năm {{khong_co}}",
            preamble="  ",
            summary="Về việc {{nam",
        )

    assert refused.value.errors == {
        "summary": "Có “{{” hoặc “}}” chưa đóng mở đúng cặp.",
        "preamble": "Không được để trống.",
        "article_1": "Không có trường trộn {{khong_co}}. Các trường dùng được: {{so_luong}}, {{nam}}.",
    }
    assert DocumentTemplate.objects.count() == 0
    assert not AuditEntry.objects.filter(target_type="documents.documenttemplate").exists()


def test_saving_an_unknown_template_or_without_a_unit_is_refused(cast, org, test_template) -> None:
    officer = cast[Role.DEPT_OFFICER]

    with pytest.raises(DomainError) as unknown:
        save_template(by=officer, key="tests.khong_co", unit_path=org.root.path, texts={})
    with pytest.raises(DomainError) as no_unit:
        save_template(by=officer, key=TEST_KEY, unit_path="", texts=test_template.defaults())

    assert (unknown.value.field, unknown.value.message) == (
        "key",
        "Không có mẫu văn bản “tests.khong_co”.",
    )
    assert no_unit.value.field == "unit_path"


def test_restoring_the_defaults_saves_a_version_equal_to_them(cast, org, test_template) -> None:
    officer = cast[Role.DEPT_OFFICER]
    _save(officer, org.root.path, test_template, article_1=ARTICLE_ROOT)

    row = restore_template_defaults(by=officer, key=TEST_KEY, unit_path=org.root.path)

    assert (row.version, row.texts, row.note) == (2, test_template.defaults(), "Khôi phục mặc định")
    assert template_texts(TEST_KEY, unit_path=org.a.path) == test_template.defaults()


def test_template_units_are_where_the_user_may_manage_templates(cast, org) -> None:
    assert template_units(cast[Role.DEPT_OFFICER]) == [
        TemplateUnit(org.root.path, "Sở Y tế Hà Nội")
    ]
    assert template_units(cast[Role.UNIT_OFFICER]) == []
    assert template_units(cast.nobody) == []


def test_register_template_keeps_the_old_call_and_takes_a_preview(test_template) -> None:
    def build(texts: Any) -> OfficialDocument:
        raise AssertionError("not called")

    register_template(test_template, preview=build)
    with_preview = preview_builder(TEST_KEY)
    register_template(test_template)

    assert with_preview is build
    assert preview_builder(TEST_KEY) is None
    assert template_spec(TEST_KEY) is test_template
    assert test_template in registered_templates()


def test_unregistered_template_is_unknown(test_template) -> None:
    unregister_template(TEST_KEY)

    with pytest.raises(DomainError):
        template_spec(TEST_KEY)

    register_template(test_template)  # the fixture removes it again


# --- Preview -------------------------------------------------------------------------------------


def test_preview_without_a_builder_is_a_generic_draft_of_the_filled_fields(
    test_template, tmp_path: Path
) -> None:
    texts = test_template.defaults() | {"article_1": ARTICLE_ROOT}

    pdf = render_preview(TEST_KEY, texts, issuer_name="Sở Y tế Hà Nội")

    (tmp_path / "preview.pdf").write_bytes(pdf)
    text = " ".join(pdf_text(tmp_path / "preview.pdf").split())
    assert "SỞ Y TẾ HÀ NỘI" in text
    assert "Về việc công nhận sáng kiến năm 2026" in text
    assert "Công nhận 25 sáng kiến cấp Sở năm 2026." in text
    assert "Số: /QĐ" in text  # a draft: no number
    assert "Mã xác thực" not in text


def test_preview_uses_the_apps_builder_when_it_gave_one(test_template, tmp_path: Path) -> None:
    def build(texts: Any) -> OfficialDocument:
        return OfficialDocument(
            issuer=Issuer(name="Bệnh viện Thanh Nhàn", abbreviation="BVTN"),
            kind_name="Quyết định",
            kind_code="QĐ",
            summary=fill(texts["summary"], {"nam": "2031"}),
            body=(Paragraph("Nội dung do ứng dụng dựng."),),
            signer=Signer(authority=Authority.NONE, titles=("Giám đốc",), name="Lê Văn Đức"),
            number="99",
            verification="ABCDEFGHJK",
            verification_url="https://example.vn/x",
        )

    register_template(test_template, preview=build)

    pdf = render_preview(TEST_KEY, test_template.defaults(), issuer_name="Sở Y tế Hà Nội")

    (tmp_path / "preview.pdf").write_bytes(pdf)
    text = " ".join(pdf_text(tmp_path / "preview.pdf").split())
    assert "Về việc công nhận sáng kiến năm 2031" in text
    assert "BỆNH VIỆN THANH NHÀN" in text
    assert "Số: /QĐ-BVTN" in text  # the number and the code are taken off: a draft
    assert "ABCDEFGHJK" not in text


def test_preview_refuses_texts_that_would_not_be_saved(test_template) -> None:
    with pytest.raises(ValidationFailedError) as refused:
        render_preview(
            TEST_KEY, test_template.defaults() | {"summary": "{{khong_co}}"}, issuer_name="Sở"
        )

    assert list(refused.value.errors) == ["summary"]
