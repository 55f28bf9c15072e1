"""A decided round's documents as its officer lives them (system Chromium): on the results page
the officer issues the decision recognising the round's initiatives, sees its number and
downloads its PDF, then starts the authors' certificates, follows the job to its end and
downloads the ZIP of every certificate in Word and PDF. The results page with its documents
panel at phone width. The `page` fixture fails on any JS error or CSP violation."""

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from thidua.browser_testing import login, screenshot
from thidua.documents.models import GenerationJob, IssuedDocument
from thidua.documents.services.batches import run_generation_job
from thidua.initiatives.tests.documents_support import decided_round

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


def _pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def _docx_text(document: Any) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_officer_issues_the_decision_then_the_certificates_of_a_decided_round(
    page: Page, cast: Any, org: Any
) -> None:
    decided = decided_round(org, cast)
    today = timezone.localdate().strftime("%d/%m/%Y")
    login(page, decided.officer.username)
    page.wait_for_url("**/")

    page.goto(f"/sang-kien/dot-cham/{decided.round.pk}/ket-qua/")
    papers = page.locator("#van-ban-dot")
    expect(papers).to_contain_text(
        "Giấy chứng nhận (3) được tạo sau khi phát hành quyết định công nhận."
    )
    screenshot(page, "initiatives-documents-before")
    papers.get_by_role("button", name="Phát hành quyết định công nhận (2 sáng kiến)").click()

    expect(page.get_by_role("alert").filter(has_text="Đã phát hành")).to_have_text(
        f"Đã phát hành Quyết định số 01/QĐ-BVA ngày {today} công nhận sáng kiến của đợt."
    )
    decision = page.locator('[data-paper="decision"]')
    expect(decision).to_contain_text("Quyết định công nhận sáng kiến số 01/QĐ-BVA")
    screenshot(page, "initiatives-documents-decision-issued")
    with page.expect_download() as pdf_download:
        decision.get_by_role("link", name="PDF").click()

    assert pdf_download.value.suggested_filename == "01-QĐ-BVA.pdf"
    decision_text = _pdf_text(Path(pdf_download.value.path()).read_bytes())
    assert "Số: 01/QĐ-BVA" in decision_text
    assert "Đặt lịch khám trực tuyến" in decision_text

    page.locator('[data-paper="certificates"]').get_by_role(
        "button", name="Tạo giấy chứng nhận (3)"
    ).click()
    page.wait_for_url(re.compile(r"/van-ban/tao/\d+/$"))
    expect(page.get_by_text("Đang chờ tiến trình nền nhận việc…")).to_be_visible()
    screenshot(page, "initiatives-certificates-queued")
    run_generation_job(GenerationJob.objects.get())  # what the worker does
    expect(page.get_by_role("status")).to_have_text("Đã phát hành 3 văn bản.")
    expect(page.locator("#trang-thai-tao li")).to_have_count(3)
    screenshot(page, "initiatives-certificates-done")
    with page.expect_download() as zip_download:
        page.get_by_role("link", name="Tải tất cả (tệp nén Word và PDF)").click()

    job = GenerationJob.objects.get()
    assert zip_download.value.suggested_filename == f"van-ban-{job.pk}.zip"
    with zipfile.ZipFile(Path(zip_download.value.path())) as archive:
        names = sorted(archive.namelist())
        pdfs = [_pdf_text(archive.read(name)) for name in names if name.endswith(".pdf")]
        docx = [Document(io.BytesIO(archive.read(n))) for n in names if n.endswith(".docx")]
    assert names == [
        f"{number:02d}-GCN-BVA.{extension}" for number in (1, 2, 3) for extension in ("docx", "pdf")
    ]
    assert IssuedDocument.objects.filter(job=job).count() == 3
    holders = ["Lê Thị Thu Hà", "Đỗ Quang Vinh"]
    assert [any(name in text for text in pdfs) for name in holders] == [True, True]
    assert len(docx) == 3
    assert all("GIẤY CHỨNG NHẬN" in _docx_text(document) for document in docx)

    page.goto(f"/sang-kien/dot-cham/{decided.round.pk}/ket-qua/")
    expect(page.locator('[data-paper="certificates"]')).to_contain_text(
        "Đã tạo 3/3 giấy chứng nhận."
    )
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "initiatives-documents-phone")
