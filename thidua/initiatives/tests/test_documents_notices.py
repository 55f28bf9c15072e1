"""Thông báo không công nhận sáng kiến: one per refused initiative, to its authors, with the
council's reasons; numbered "TB"; written back onto the decision; refused twice."""

from pathlib import Path
from typing import Any

import pytest

from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.documents.models import IssuedDocument
from thidua.documents.services.templates import save_template
from thidua.documents.tests.reading import one_line, pdf_text
from thidua.initiatives.models import Decision
from thidua.initiatives.official_templates import NON_RECOGNITION_KEY, NON_RECOGNITION_SPEC
from thidua.initiatives.services.official_documents import issue_non_recognition_notices
from thidua.initiatives.tests.decision_factories import officer_of
from thidua.initiatives.tests.documents_support import (
    TODAY,
    decided_round,
    docx_text,
    png_of,
    read,
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def decided(org, cast):
    return decided_round(org, cast)


def test_notice_to_the_authors_carries_the_councils_reasons(decided, tmp_path: Path) -> None:
    [notice] = issue_non_recognition_notices(decided.round, by=decided.officer)

    path = tmp_path / "notice.pdf"
    path.write_bytes(read(notice.pdf))
    text = one_line(pdf_text(path))
    council = decided.setup.council.name
    assert (notice.number_text, notice.kind_name) == ("01/TB-BVA", "Thông báo")
    assert notice.summary == f"Về việc không công nhận sáng kiến năm {TODAY.year}"
    for expected in (
        "THÔNG BÁO",
        "Kính gửi: Vũ Thị Lan (Bệnh viện A).",
        f"Căn cứ kết quả xem xét, biểu quyết của {council} tại phiên họp ngày {TODAY:%d} tháng "
        f"{TODAY:%m} năm {TODAY.year},",
        f"{council} thông báo: sáng kiến “Sổ tay điều dưỡng giấy” (mã {decided.refused.code}) "
        "không được công nhận là sáng kiến. Kết quả biểu quyết: 2/7 thành viên hội đồng đồng "
        "ý, chưa đạt tỷ lệ từ 2/3 tổng số thành viên hội đồng theo quy định.",
        "Lý do không công nhận: - Chưa có số liệu trước – sau khi áp dụng. - Nội dung trùng "
        "quy trình bắt buộc của Bộ Y tế.",
        "TM. HỘI ĐỒNG SÁNG KIẾN CHỦ TỊCH",
    ):
        assert expected in text, expected
    assert notice.signer_name == decided.setup.users[0].display_name  # the chair
    assert "Đặt lịch khám trực tuyến" not in text
    assert "Lý do không công nhận:" in docx_text(read(notice.docx))
    assert png_of(path, "initiatives-non-recognition").stat().st_size > 10_000


def test_notice_number_is_written_onto_the_refusal(decided) -> None:
    [notice] = issue_non_recognition_notices(decided.round, by=decided.officer)

    refusal = Decision.objects.get(round=decided.round, recognised=False)
    recognised = Decision.objects.filter(round=decided.round, recognised=True)
    assert (refusal.number, refusal.date) == ("01/TB-BVA", notice.issued_on)
    assert list(recognised.values_list("number", flat=True)) == ["", ""]


def test_notices_issued_twice_are_refused(decided) -> None:
    issue_non_recognition_notices(decided.round, by=decided.officer)

    with pytest.raises(DomainError) as refused:
        issue_non_recognition_notices(decided.round, by=decided.officer)

    assert refused.value.message == "Mọi sáng kiến không được công nhận của đợt đã có thông báo."
    assert IssuedDocument.objects.count() == 1


def test_notice_wording_follows_the_edited_template(decided, cast) -> None:
    texts = NON_RECOGNITION_SPEC.defaults()
    texts["closing"] = "Mọi thắc mắc xin liên hệ thư ký {{ten_hoi_dong}}./."
    save_template(
        by=cast["dept_officer"],
        key=NON_RECOGNITION_KEY,
        unit_path=decided.setup.council.unit.path,
        texts=texts,
    )

    [notice] = issue_non_recognition_notices(decided.round, by=decided.officer)

    text = docx_text(read(notice.docx))
    assert f"Mọi thắc mắc xin liên hệ thư ký {decided.setup.council.name}./." in text
    assert "Tác giả có thể hoàn thiện" not in text


def test_notices_of_a_round_not_decided_are_refused(org, cast) -> None:
    decided = decided_round(org, cast, decide_all=False)

    with pytest.raises(DomainError):
        issue_non_recognition_notices(decided.round, by=decided.officer)

    assert IssuedDocument.objects.count() == 0


def test_officer_of_another_unit_cannot_issue_notices(decided, org) -> None:
    with pytest.raises(PermissionDeniedError):
        issue_non_recognition_notices(decided.round, by=officer_of(org.b, "can_bo_b"))
