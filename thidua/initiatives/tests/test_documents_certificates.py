"""Giấy chứng nhận sáng kiến: one per author of each recognised initiative, made by the batch
builder "initiatives.certificates" (run here as the background task runs it), landscape, citing
the round's issued decision; refused before the decision, twice, or out of scope."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.documents.models import IssuedDocument, JobStatus
from thidua.documents.services.batches import run_generation_job
from thidua.documents.tests.reading import one_line, pdf_text
from thidua.initiatives.services.official_documents import (
    issue_recognition_decision,
    start_certificates,
)
from thidua.initiatives.tests.decision_factories import officer_of
from thidua.initiatives.tests.documents_support import decided_round, pdf_fonts, png_of, read


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def decided(org, cast):
    decided = decided_round(org, cast)
    decided.decision = issue_recognition_decision(decided.round, by=decided.officer)  # type: ignore[attr-defined]
    return decided


def _certificates(decided) -> list[IssuedDocument]:
    job = start_certificates(decided.round, by=decided.officer)
    job = run_generation_job(job)
    assert (job.status, job.error) == (JobStatus.SUCCEEDED, "")
    return list(IssuedDocument.objects.filter(job=job).order_by("number"))


def test_one_certificate_per_author_of_each_recognised_initiative(decided) -> None:
    certificates = _certificates(decided)

    assert [(c.number_text, c.kind_name, c.signer_name) for c in certificates] == [
        ("01/GCN-BVA", "Giấy chứng nhận", "Phạm Minh Đức"),
        ("02/GCN-BVA", "Giấy chứng nhận", "Phạm Minh Đức"),
        ("03/GCN-BVA", "Giấy chứng nhận", "Phạm Minh Đức"),
    ]
    assert all(
        c.source.startswith(f"initiatives.certificate:{decided.round.pk}:") for c in certificates
    )


def test_certificate_pdf_names_the_holder_and_cites_the_decision(decided, tmp_path: Path) -> None:
    certificates = _certificates(decided)
    texts = []
    for index, certificate in enumerate(certificates):
        path = tmp_path / f"gcn-{index}.pdf"
        path.write_bytes(read(certificate.pdf))
        texts.append(one_line(pdf_text(path)))
        reader = PdfReader(path)
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # landscape
        assert pdf_fonts(path) <= {
            "LiberationSerif",
            "LiberationSerif-Bold",
            "LiberationSerif-Italic",
            "LiberationSerif-BoldItalic",
        }
    number = decided.decision.number_text
    on = decided.decision.issued_on
    first, vinh = texts[0], texts[2]
    assert (
        "GIÁM ĐỐC BỆNH VIỆN A CẤP GIẤY CHỨNG NHẬN SÁNG KIẾN CẤP CƠ SỞ Ông (bà) Nguyễn Thị Hoa"
        in first
    )
    assert "Nơi nhận" not in first
    assert (
        f"Là tác giả sáng kiến “Đặt lịch khám trực tuyến”, được công nhận là sáng kiến cấp cơ sở "
        f"theo Quyết định số {number} ngày {on:%d} tháng {on:%m} năm {on.year} của Giám đốc "
        "Bệnh viện A." in first
    )
    assert f"Quyết định số {number} ngày {on:%d/%m/%Y} Số sổ vàng: 1" in first
    assert "Ông (bà) Đỗ Quang Vinh Bác sĩ, Khoa Ngoại A2, Bệnh viện A" in vinh
    assert "Là đồng tác giả (tỷ lệ đóng góp 30%) sáng kiến “Bệnh án điện tử khoa Nội”" in vinh
    assert "Số sổ vàng: 2" in vinh
    assert png_of(tmp_path / "gcn-2.pdf", "initiatives-certificate").stat().st_size > 10_000


def test_certificates_before_the_decision_are_refused(org, cast) -> None:
    decided = decided_round(org, cast)

    with pytest.raises(DomainError) as refused:
        start_certificates(decided.round, by=decided.officer)

    assert refused.value.message == (
        "Hãy phát hành quyết định công nhận của đợt trước: giấy chứng nhận ghi số quyết định."
    )


def test_certificates_made_twice_are_refused(decided) -> None:
    _certificates(decided)

    with pytest.raises(DomainError) as refused:
        start_certificates(decided.round, by=decided.officer)

    assert refused.value.message == "Đã tạo đủ 3 giấy chứng nhận của đợt."


def test_certificates_while_a_batch_runs_are_refused(decided) -> None:
    start_certificates(decided.round, by=decided.officer)

    with pytest.raises(DomainError) as refused:
        start_certificates(decided.round, by=decided.officer)

    assert refused.value.message == "Giấy chứng nhận của đợt đang được tạo: hãy chờ lượt tạo xong."


def test_a_stopped_batch_resumes_without_doubling(decided) -> None:
    job = start_certificates(decided.round, by=decided.officer)
    run_generation_job(job)
    IssuedDocument.objects.filter(job=job).order_by("-number").first().delete()  # type: ignore[union-attr]

    again = run_generation_job(start_certificates(decided.round, by=decided.officer))

    assert (again.status, again.total, again.done) == (JobStatus.SUCCEEDED, 1, 1)
    assert IssuedDocument.objects.filter(kind_code="GCN").count() == 3


def test_officer_of_another_unit_cannot_make_certificates(decided, org) -> None:
    with pytest.raises(PermissionDeniedError):
        start_certificates(decided.round, by=officer_of(org.b, "can_bo_b"))


def test_certificates_made_later_carry_the_decision_date(decided) -> None:
    """A certificate is signed with its decision: a batch run days later still dates every
    certificate on the decision's day, in that year's series."""
    decision = decided.decision  # type: ignore[attr-defined]
    IssuedDocument.objects.filter(pk=decision.pk).update(issued_on=dt.date(2026, 12, 30))

    certificates = _certificates(decided)

    assert {c.issued_on for c in certificates} == {dt.date(2026, 12, 30)}
    assert [c.number_text for c in certificates] == ["01/GCN-BVA", "02/GCN-BVA", "03/GCN-BVA"]
