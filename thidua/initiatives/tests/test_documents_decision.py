"""The Quyết định công nhận sáng kiến of a decided round, issued through the documents engine and
read back: the Word file with python-docx, the PDF with poppler; its number written back onto
the round's decisions; wording from the edited template; refusals (twice, not decided, typed
numbers, scope)."""

from pathlib import Path
from typing import Any

import pytest

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditEntry
from thidua.documents.models import IssuedDocument
from thidua.documents.services.templates import save_template
from thidua.documents.tests.reading import one_line, pdf_text, poppler
from thidua.initiatives.models import Decision, Initiative
from thidua.initiatives.official_templates import DECISION_KEY, DECISION_SPEC
from thidua.initiatives.services.decisions import decide_initiative
from thidua.initiatives.services.official_documents import issue_recognition_decision
from thidua.initiatives.tests.decision_factories import cast_votes, make_closed_round, officer_of
from thidua.initiatives.tests.documents_support import (
    TODAY,
    abbreviate,
    decided_round,
    decisions_of,
    docx_parts,
    docx_text,
    pdf_fonts,
    png_of,
    read,
)

HEADER = [
    "STT",
    "Tên sáng kiến",
    "Tác giả",
    "Đơn vị",
    "Lĩnh vực",
    "Cấp, phạm vi ảnh hưởng",
    "Điểm TB",
]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def decided(org, cast):
    return decided_round(org, cast)


@pytest.fixture
def issued(decided):
    return issue_recognition_decision(decided.round, by=decided.officer)


def _pdf(issued: IssuedDocument, tmp_path: Path) -> Path:
    path = tmp_path / "decision.pdf"
    path.write_bytes(read(issued.pdf))
    return path


def test_decision_is_numbered_in_the_units_series(decided, issued) -> None:
    assert (issued.number_text, issued.kind_name, issued.issuer_name) == (
        "01/QĐ-BVA",
        "Quyết định",
        "Bệnh viện A",
    )
    assert issued.summary == f"Về việc công nhận sáng kiến năm {TODAY.year}"
    assert issued.unit_path == decided.setup.council.unit.path
    assert issued.source == f"initiatives.decision:{decided.round.pk}"


def test_decision_word_file_lists_only_the_recognised_initiatives(decided, issued) -> None:
    paragraphs, rows, fonts = docx_parts(read(issued.docx))

    first, shared = decided.recognised
    assert rows[0] == HEADER
    assert rows[1:] == [
        ["1", first.title, "Nguyễn Thị Hoa", "Bệnh viện A", "Giải pháp kỹ thuật",
         "Cấp cơ sở; trong đơn vị", "87,7"],
        ["2", shared.title, "Lê Thị Thu Hà (70%), Đỗ Quang Vinh (30%)", "Bệnh viện A",
         "Giải pháp kỹ thuật", "Cấp cơ sở; trong đơn vị", "78,0"],
    ]  # fmt: skip
    assert decided.refused.title not in "\n".join(paragraphs + [c for r in rows for c in r])
    assert fonts == {"Times New Roman"}


def test_decision_word_file_has_the_preamble_and_three_articles(decided, issued) -> None:
    text = docx_text(read(issued.docx))

    for expected in (
        "Số: 01/QĐ-BVA",
        "GIÁM ĐỐC BỆNH VIỆN A",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành "
        "Điều lệ Sáng kiến;",
        "Căn cứ Quy chế xét, công nhận sáng kiến của Bệnh viện A;",
        f"Xét đề nghị của {decided.setup.council.name} tại Biên bản họp ngày "
        f"{TODAY:%d} tháng {TODAY:%m} năm {TODAY.year}.",
        "QUYẾT ĐỊNH:",
        f"Điều 1. Công nhận 2 sáng kiến năm {TODAY.year} (có danh sách kèm theo).",
        "Điều 2. Tác giả, đồng tác giả các sáng kiến có tên tại Điều 1",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
    ):
        assert expected in text, expected


def test_decision_pdf_reads_back_with_diacritics_and_embedded_fonts(
    decided, issued, tmp_path: Path
) -> None:
    pdf = _pdf(issued, tmp_path)
    text = one_line(pdf_text(pdf))

    assert "Số: 01/QĐ-BVA" in text
    assert "SỞ Y TẾ HÀ NỘI BỆNH VIỆN A" in text
    assert "Lê Thị Thu Hà (70%), Đỗ Quang Vinh (30%)" in text
    # Table cells wrap: the titles are read as their first words (the Word test reads them whole).
    assert "Đặt lịch khám" in text
    assert "Bệnh án điện tử khoa" in text
    assert "Sổ tay điều dưỡng giấy" not in text
    # A unit's council keeps the default signer: the hospital's director signs in person.
    assert issued.signer_name == "Phạm Minh Đức"
    assert "Nơi nhận: GIÁM ĐỐC - Như Điều 3;" in text
    assert "KT." not in text
    assert f"Mã xác thực: {issued.verification_code}" in text
    assert pdf_fonts(pdf) <= {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }
    assert "yes" in poppler("pdffonts", str(pdf)).splitlines()[2]
    png = png_of(pdf, "initiatives-decision")
    assert png.stat().st_size > 10_000


def test_decision_number_and_date_are_written_back_and_audited(decided, issued) -> None:
    decisions = decisions_of(decided)

    assert [(d.recognised, d.number, d.date) for d in decisions] == [
        (True, "01/QĐ-BVA", issued.issued_on),
        (True, "01/QĐ-BVA", issued.issued_on),
        (False, "", TODAY),
    ]
    numbers = Initiative.objects.filter(pk__in=[i.pk for i in decided.recognised]).values_list(
        "decision_number", flat=True
    )
    assert list(numbers) == ["01/QĐ-BVA", "01/QĐ-BVA"]
    entries = AuditEntry.objects.filter(
        target_type="initiatives.decision", reason="Phát hành quyết định công nhận số 01/QĐ-BVA"
    )
    assert entries.count() == 2
    assert entries.first().changes["number"] == ["", "01/QĐ-BVA"]  # type: ignore[union-attr]


def test_decision_at_the_departments_council_is_signed_for_the_director(org, cast) -> None:
    abbreviate(org.root, "SYT")
    setup = make_closed_round(org.root, titles=("Kê đơn điện tử liên thông",))
    officer = cast[Role.DEPT_OFFICER]
    cast_votes(setup, setup.initiatives[0], yes=7)
    decide_initiative(setup.round, setup.initiatives[0], number="", date=TODAY, by=officer)
    setup.round.refresh_from_db()

    issued = issue_recognition_decision(setup.round, by=officer)

    text = docx_text(read(issued.docx))
    assert issued.number_text == "01/QĐ-SYT"
    assert "GIÁM ĐỐC SỞ Y TẾ HÀ NỘI" in text
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in text
    assert issued.signer_name == setup.users[0].display_name  # the council's chair


def test_edited_template_changes_the_wording(decided, cast) -> None:
    texts = DECISION_SPEC.defaults()
    texts["article_1"] = "Công nhận {{so_luong}} sáng kiến của {{ten_hoi_dong}} năm {{nam}}."
    texts["preamble"] = "Căn cứ Quy chế sáng kiến số 12/QĐ-BVA ngày 02/01/2025;"
    save_template(
        by=cast[Role.DEPT_OFFICER], key=DECISION_KEY, unit_path=decided.setup.council.unit.path,
        texts=texts,
    )  # fmt: skip

    issued = issue_recognition_decision(decided.round, by=decided.officer)

    text = "\n".join(docx_parts(read(issued.docx))[0])
    assert (
        f"Điều 1. Công nhận 2 sáng kiến của {decided.setup.council.name} năm {TODAY.year}." in text
    )
    assert "Căn cứ Quy chế sáng kiến số 12/QĐ-BVA ngày 02/01/2025;" in text
    assert "Căn cứ Luật Thi đua" not in text


def test_template_with_an_unknown_placeholder_is_refused(decided, cast) -> None:
    texts = DECISION_SPEC.defaults()
    texts["article_1"] = "Công nhận {{so_sang_kien}} sáng kiến."

    with pytest.raises(ValidationFailedError) as refused:
        save_template(by=cast[Role.DEPT_OFFICER], key=DECISION_KEY, unit_path="/", texts=texts)

    assert list(refused.value.errors) == ["article_1"]
    assert "Không có trường trộn {{so_sang_kien}}." in refused.value.errors["article_1"]


def test_decision_issued_twice_is_refused_with_its_number(decided, issued) -> None:
    with pytest.raises(DomainError) as refused:
        issue_recognition_decision(decided.round, by=decided.officer)

    assert refused.value.message == (
        "Quyết định công nhận sáng kiến của đợt đã được phát hành: số 01/QĐ-BVA ngày "
        f"{issued.issued_on:%d/%m/%Y}."
    )
    assert IssuedDocument.objects.count() == 1


def test_decision_of_a_round_not_decided_is_refused(org, cast) -> None:
    decided = decided_round(org, cast, decide_all=False)

    with pytest.raises(DomainError) as refused:
        issue_recognition_decision(decided.round, by=decided.officer)

    assert refused.value.message == (
        f"Đợt chấm “{decided.round.name}” chưa có quyết định của hội đồng cho mọi sáng kiến "
        "(còn 1 sáng kiến chưa quyết định): chỉ phát hành văn bản khi hội đồng đã quyết định "
        "xong cả đợt."
    )
    assert IssuedDocument.objects.count() == 0


def test_decision_with_numbers_typed_when_deciding_is_not_issued_again(decided) -> None:
    Decision.objects.filter(round=decided.round, recognised=True).update(number="12/QĐ-HĐSK")

    with pytest.raises(DomainError) as refused:
        issue_recognition_decision(decided.round, by=decided.officer)

    assert refused.value.message.startswith(
        "Các sáng kiến của đợt đã có số quyết định nhập khi ra quyết định (12/QĐ-HĐSK)"
    )


def test_officer_of_another_unit_cannot_issue(decided, org) -> None:
    other = officer_of(org.b, "can_bo_b")

    with pytest.raises(PermissionDeniedError):
        issue_recognition_decision(decided.round, by=other)

    assert IssuedDocument.objects.count() == 0


def test_unit_without_abbreviation_is_refused_before_numbering(decided, org) -> None:
    abbreviate(org.a, "")

    with pytest.raises(ValidationFailedError) as refused:
        issue_recognition_decision(decided.round, by=decided.officer)

    assert list(refused.value.errors) == ["issuer.abbreviation"]
    assert IssuedDocument.objects.count() == 0
