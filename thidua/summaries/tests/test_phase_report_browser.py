"""The sơ kết report as a department officer lives it (system Chromium): create the report of
phase 1, edit section I with a placeholder (an unknown one is refused at the field), save, open
the draft PDF, issue it, follow the documents job to the end, download the PDF and the Word file
and read them, find the report in the register and its public verification page; a unit
officer opening the report gets the 403 page. The `page` fixture fails on any JS error or CSP
violation."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.documents.models import GenerationJob, IssuedDocument
from thidua.documents.services.batches import run_generation_job
from thidua.organizations.tests.factories import PersonFactory
from thidua.summaries.models import PhaseReport
from thidua.summaries.tests.support import add_hospitals, default_movement

pytestmark = [pytest.mark.browser]

EDITED = "Năm 2026 có {{so_don_vi}} bệnh viện tham gia chấm điểm và {{so_sang_kien}} sáng kiến."
EDITED_FILLED = "Năm 2026 có 3 bệnh viện tham gia chấm điểm và 3 sáng kiến."


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Any) -> Any:
    org.root.abbreviation = "SYT"
    org.root.head = PersonFactory(unit=org.root, full_name="Nguyễn Văn An")
    org.root.save(update_fields=["abbreviation", "head"])
    made = default_movement(org.root)
    add_hospitals(made, org.root, 3)
    return made


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _unwrapped(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_officer_edits_issues_downloads_and_verifies_the_phase_report(
    page: Page, cast: Any, org: Any, movement: Any
) -> None:
    login(page, cast[Role.DEPT_OFFICER].username)
    page.wait_for_url("**/")

    page.goto("/so-ket-tong-ket/")
    expect(page.get_by_text("Chưa có báo cáo sơ kết, tổng kết nào.")).to_be_visible()
    screenshot(page, "summaries-list-empty")
    page.get_by_label("Tạo báo cáo mới").select_option(label="Sơ kết giai đoạn 1 (2025–2027)")
    page.get_by_role("button", name="Tạo báo cáo").click()
    page.wait_for_url(re.compile(r"/so-ket-tong-ket/\d+/$"))
    expect(page.get_by_text("Đã tạo báo cáo sơ kết giai đoạn 1 (2025–2027).")).to_be_visible()
    report = PhaseReport.objects.get()

    section = page.locator("#muc-dac_diem")
    section.get_by_role("textbox").fill("Có {{khong_co}} đơn vị.")
    section.get_by_role("button", name="Lưu mục này").click()
    section = page.locator("#muc-dac_diem")
    expect(section.locator("#loi-dac_diem")).to_contain_text("Không có trường trộn {{khong_co}}")
    expect(section.get_by_role("textbox")).to_have_value("Có {{khong_co}} đơn vị.")
    expect(section.get_by_role("textbox")).to_be_focused()
    screenshot(page, "summaries-section-refused")

    section.get_by_role("textbox").fill(EDITED)
    section.get_by_role("button", name="Lưu mục này").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu.")).to_be_visible()
    expect(page.locator("#muc-dac_diem").get_by_role("textbox")).to_have_value(EDITED)
    expect(page.locator("#loi-dac_diem")).to_have_count(0)
    screenshot(page, "summaries-section-saved")

    with page.context.expect_event(
        "response", lambda answer: answer.url.endswith("/xem-truoc.pdf")
    ) as preview:
        page.get_by_role("link", name="Xem trước (PDF dự thảo)").click()
    assert preview.value.status == 200
    assert preview.value.headers["content-type"] == "application/pdf"
    # Chromium hands the PDF to its viewer without keeping the body: read it again.
    draft = page.request.get(preview.value.url).body()
    assert EDITED_FILLED in _unwrapped(_pdf_text(draft))
    assert "Số: /BC-SYT" in _unwrapped(_pdf_text(draft))  # a draft has no number yet
    page.context.pages[-1].close()

    page.get_by_role("button", name="Tạo bản Word/PDF").click()
    page.wait_for_url(re.compile(r"/van-ban/tao/\d+/$"))
    expect(page.get_by_role("heading", name=report.title)).to_be_visible()
    expect(page.get_by_text("Đang chờ tiến trình nền nhận việc…")).to_be_visible()
    screenshot(page, "summaries-job-queued")
    run_generation_job(GenerationJob.objects.get())  # what the worker does
    expect(page.get_by_role("status")).to_have_text("Đã phát hành 1 văn bản.")
    issued = IssuedDocument.objects.get()
    expect(page.locator("#trang-thai-tao")).to_contain_text(f"Báo cáo số {issued.number_text}")
    screenshot(page, "summaries-job-done")

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Tải bản PDF").click()
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Word", exact=True).click()

    assert issued.number_text == "01/BC-SYT"
    assert pdf_download.value.suggested_filename == "01-BC-SYT.pdf"
    assert docx_download.value.suggested_filename == "01-BC-SYT.docx"
    pdf_text = _unwrapped(_pdf_text(Path(pdf_download.value.path()).read_bytes()))
    assert EDITED_FILLED in pdf_text
    assert "Số: 01/BC-SYT" in pdf_text
    docx_text = _docx_text(Path(docx_download.value.path()).read_bytes())
    assert EDITED_FILLED in docx_text

    page.goto("/van-ban/")
    row = page.locator("#register-results tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("01/BC-SYT")
    expect(row).to_contain_text("Sơ kết giai đoạn 1 (2025–2027)")
    screenshot(page, "summaries-register")

    page.context.clear_cookies()
    page.goto(f"/xac-thuc/{issued.verification_code}/")
    expect(page.get_by_role("heading", name="Xác thực văn bản")).to_be_visible()
    expect(page.get_by_text("Văn bản do hệ thống Thi Đua Số phát hành")).to_be_visible()
    details = page.locator("dl")
    expect(details).to_contain_text("01/BC-SYT")
    expect(details).to_contain_text("Báo cáo")
    expect(details).to_contain_text("Sơ kết giai đoạn 1 (2025–2027)")
    screenshot(page, "summaries-verify")

    login(page, cast[Role.UNIT_OFFICER].username)
    page.wait_for_url("**/")
    answer = page.goto(f"/so-ket-tong-ket/{report.pk}/")
    assert answer is not None
    assert answer.status == 403
    expect(page.get_by_role("heading", name="Không có quyền truy cập")).to_be_visible()
    screenshot(page, "summaries-unit-officer-403")
