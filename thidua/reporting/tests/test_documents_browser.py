"""The reporting documents as their officers live them (system Chromium): a unit officer issues
their unit's Báo cáo kết quả chấm điểm from the scorecard page, sees its number and downloads
the Word and PDF files; the department officer chooses a cluster on the ranking page and issues
its Thông báo. The `page` fixture fails on any JS error or CSP violation."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.documents.models import IssuedDocument
from thidua.organizations.tests.factories import PersonFactory
from thidua.reporting.tests.scores_support import ScoredYear, scored_year

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def world(org: Any) -> ScoredYear:
    for unit, abbreviation in ((org.root, "SYT"), (org.a, "BVA"), (org.b, "BVB")):
        unit.abbreviation = abbreviation
        unit.head = PersonFactory(unit=unit, full_name=f"Giám đốc {abbreviation}")
        unit.save()
    return scored_year(org)


def _pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def _docx_paragraphs(data: bytes) -> list[str]:
    return [paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs]


def test_unit_officer_issues_the_scorecard_report_and_downloads_it(
    page: Page, cast: Any, org: Any, world: ScoredYear
) -> None:
    today = timezone.localdate().strftime("%d/%m/%Y")
    login(page, cast[Role.UNIT_OFFICER].username)
    page.wait_for_url("**/")

    page.goto("/bao-cao/diem/")
    expect(page.get_by_role("heading", name="Điểm thi đua — Bệnh viện A")).to_be_visible()
    panel = page.locator("section").filter(
        has=page.get_by_role("heading", name="Báo cáo kết quả chấm điểm — Quý III/2026")
    )
    expect(panel).to_contain_text("theo thể thức Nghị định 30/2020/NĐ-CP")
    panel.get_by_role("button", name="Phát hành báo cáo kết quả chấm điểm (Word, PDF)").click()

    expect(page.get_by_role("alert").filter(has_text="Đã phát hành")).to_have_text(
        f"Đã phát hành báo cáo số 01/BC-BVA ngày {today}; tải bản Word hoặc PDF ở mục văn bản "
        "bên dưới."
    )
    item = IssuedDocument.objects.get()
    expect(panel.get_by_role("listitem")).to_contain_text(f"Báo cáo số 01/BC-BVA ngày {today}")
    panel.scroll_into_view_if_needed()
    screenshot(page, "reporting-scorecard-issued")
    with page.expect_download() as pdf_download:
        panel.get_by_role("link", name="PDF").click()
    with page.expect_download() as docx_download:
        panel.get_by_role("link", name="Word").click()

    assert item.source == f"reporting.scorecard:{world.reports[('BV_A', 'q3')].pk}"
    assert pdf_download.value.suggested_filename == "01-BC-BVA.pdf"
    assert docx_download.value.suggested_filename == "01-BC-BVA.docx"
    pdf_text = _pdf_text(Path(pdf_download.value.path()).read_bytes())
    assert "Số: 01/BC-BVA" in pdf_text
    assert "BỆNH VIỆN A" in pdf_text
    paragraphs = _docx_paragraphs(Path(docx_download.value.path()).read_bytes())
    assert "BÁO CÁO" in paragraphs

    page.set_viewport_size({"width": 390, "height": 844})
    panel.scroll_into_view_if_needed()
    screenshot(page, "reporting-scorecard-issued-phone")


def test_department_officer_issues_the_cluster_ranking(
    page: Page, cast: Any, org: Any, world: ScoredYear
) -> None:
    movement = world.plan.movement
    login(page, cast[Role.DEPT_OFFICER].username)
    page.wait_for_url("**/")

    page.goto(f"/bao-cao/diem/{movement.pk}/xep-hang/?nam=2026")
    page.get_by_label("Cụm, khối").select_option(label=world.k1.name)
    page.wait_for_url(re.compile(rf"cum={world.k1.pk}"))
    expect(page.get_by_role("heading", name=f"Xếp hạng {world.k1.name}")).to_be_visible()
    page.get_by_role("button", name="Phát hành thông báo xếp hạng (Word, PDF)").click()

    expect(page.get_by_role("alert").filter(has_text="Đã phát hành")).to_contain_text(
        "Đã phát hành thông báo số 01/TB-SYT"
    )
    expect(page.get_by_role("heading", name=f"Xếp hạng {world.k1.name}")).to_be_visible()
    panel = page.locator("section").filter(
        has=page.get_by_role("heading", name="Thông báo kết quả chấm điểm, xếp hạng — Cả năm 2026")
    )
    expect(panel).to_contain_text("Thông báo số 01/TB-SYT")
    screenshot(page, "reporting-ranking-issued")
    with page.expect_download() as pdf_download:
        panel.get_by_role("link", name="PDF").click()

    item = IssuedDocument.objects.get()
    assert item.source.endswith(f":{world.k1.pk}")
    assert pdf_download.value.suggested_filename == "01-TB-SYT.pdf"
    pdf_text = _pdf_text(Path(pdf_download.value.path()).read_bytes())
    assert "THÔNG BÁO" in pdf_text
    assert "Khối đa khoa" in pdf_text
    assert pdf_text.index("Bệnh viện A") < pdf_text.index("Bệnh viện B")
