"""The page of a background batch as its officer sees it (system Chromium): the bar waits for
the worker, moves as documents are issued (htmx polling, the width set by app.js under the CSP),
then the documents with their Word and PDF links and the ZIP; a batch refused before numbering
says why in Vietnamese; another unit's officer gets the 404 page. The `page` fixture fails on
any JS error or CSP violation."""

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.documents.models import GenerationJob, JobStatus
from thidua.documents.services.batches import (
    BatchItem,
    register_batch_builder,
    run_generation_job,
    start_generation,
    unregister_batch_builder,
)
from thidua.documents.tests.issuing_support import decision
from thidua.organizations.tests.factories import UserFactory, grant

pytestmark = [pytest.mark.browser]

BUILDER = "tests.browser_certificates"


def _certificates(params: Mapping[str, Any]) -> list[BatchItem]:
    return [
        BatchItem(
            document=decision(summary=f"Về việc tặng Giấy chứng nhận cho {name}" if name else ""),
            unit_path=params["unit_path"],
            source=f"tests.certificate:{index}",
        )
        for index, name in enumerate(params["names"], start=1)
    ]


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False
    register_batch_builder(BUILDER, _certificates)
    yield
    unregister_batch_builder(BUILDER)


def _start(officer: Any, org: Any, names: list[str]) -> GenerationJob:
    return start_generation(
        by=officer,
        builder=BUILDER,
        params={"names": names, "unit_path": org.a.path},
        unit_path=org.a.path,
        title="Giấy chứng nhận sáng kiến năm 2026",
    )


def test_officer_watches_a_batch_finish_and_downloads_its_files(
    page: Page, cast: Any, org: Any
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    job = _start(officer, org, ["Trần Thị Mai", "Lê Văn Bình", "Phạm Thu Hà", "Đỗ Minh Khôi"])
    login(page, officer.username)
    page.wait_for_url("**/")

    page.goto(f"/van-ban/tao/{job.pk}/")
    status = page.locator("#trang-thai-tao")
    expect(status).to_contain_text("Đang chờ tiến trình nền nhận việc…")
    expect(status).not_to_contain_text("0 / 0")
    GenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=1, total=4)
    bar = page.locator("#trang-thai-tao .progress-bar")
    expect(bar).to_have_attribute("style", "width: 25%;")
    expect(status).to_contain_text("Đang tạo và đánh số văn bản…")
    expect(status).to_contain_text("1 / 4 văn bản")
    screenshot(page, "documents-job-running")
    GenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, done=0, total=0)
    run_generation_job(GenerationJob.objects.get(pk=job.pk))  # what the worker does

    expect(page.get_by_role("status")).to_have_text("Đã phát hành 4 văn bản.")
    assert page.locator("[hx-trigger]").count() == 0
    lines = page.locator("#trang-thai-tao li")
    expect(lines).to_have_count(4)
    expect(lines.nth(0)).to_contain_text("Quyết định số 01/QĐ-SYT")
    expect(lines.nth(0)).to_contain_text("Về việc tặng Giấy chứng nhận cho Trần Thị Mai")
    screenshot(page, "documents-job-done")
    with page.expect_download() as word:
        lines.nth(3).get_by_role("link", name="Word").click()
    with page.expect_download() as archive:
        page.get_by_role("link", name="Tải tất cả (tệp nén Word và PDF)").click()

    assert word.value.suggested_filename == "04-QĐ-SYT.docx"
    paragraphs = [
        p.text for p in Document(io.BytesIO(Path(word.value.path()).read_bytes())).paragraphs
    ]
    assert "Về việc tặng Giấy chứng nhận cho Đỗ Minh Khôi" in paragraphs
    assert archive.value.suggested_filename == f"van-ban-{job.pk}.zip"
    with zipfile.ZipFile(Path(archive.value.path())) as files:
        assert sorted(files.namelist()) == [
            f"0{number}-QĐ-SYT.{extension}"
            for number in (1, 2, 3, 4)
            for extension in ("docx", "pdf")
        ]

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "documents-job-done-phone")


def test_batch_refused_before_numbering_says_which_document_lacks_what(
    page: Page, cast: Any, org: Any
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    job = run_generation_job(_start(officer, org, ["Trần Thị Mai", ""]))
    login(page, officer.username)
    page.wait_for_url("**/")

    page.goto(f"/van-ban/tao/{job.pk}/")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Chưa tạo văn bản nào, vì thiếu dữ liệu:")
    expect(alert).to_contain_text("Văn bản thứ 2: Thiếu trích yếu nội dung văn bản.")
    expect(page.get_by_text("Chưa có số văn bản nào bị dùng.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Tải"))).to_have_count(0)
    screenshot(page, "documents-job-failed")


def test_another_units_officer_gets_the_not_found_page(page: Page, cast: Any, org: Any) -> None:
    job = _start(cast[Role.UNIT_OFFICER], org, ["Trần Thị Mai"])
    run_generation_job(job)
    officer_b = UserFactory(username="can-bo-b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    login(page, officer_b.username)
    page.wait_for_url("**/")

    answers = [page.goto(f"/van-ban/tao/{job.pk}/"), page.goto(f"/van-ban/tao/{job.pk}/tai-ve/")]

    assert [answer.status if answer else None for answer in answers] == [404, 404]
    expect(page.get_by_role("heading", name="Không tìm thấy trang")).to_be_visible()
