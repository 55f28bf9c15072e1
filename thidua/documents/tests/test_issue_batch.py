"""Batches issued in the background: the job checks every document before numbering any,
issues them with progress, and offers the files when ready; the job page polls its status."""

import io
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.roles import Role
from thidua.core.errors import PermissionDeniedError
from thidua.documents.models import GenerationJob, IssuedDocument, JobStatus, NumberSeries
from thidua.documents.services.batches import (
    BatchItem,
    register_batch_builder,
    run_generation_job,
    start_generation,
    unregister_batch_builder,
)
from thidua.documents.tests.issuing_support import decision, fake_render, rendered

pytestmark = pytest.mark.django_db

BUILDER = "tests.certificates"


def _certificates(params: Mapping[str, Any]) -> list[BatchItem]:
    names = params["names"]
    return [
        BatchItem(
            document=decision(summary=f"Về việc tặng Giấy chứng nhận cho {name}" if name else ""),
            unit_path=params["unit_path"],
            source=f"tests.certificate:{index}",
        )
        for index, name in enumerate(names, start=1)
    ]


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False
    register_batch_builder(BUILDER, _certificates)
    yield
    unregister_batch_builder(BUILDER)


def _start(cast: Any, org: Any, names: list[str], by_role: Role = Role.DEPT_OFFICER) -> Any:
    return start_generation(
        by=cast[by_role],
        builder=BUILDER,
        params={"names": names, "unit_path": org.a.path},
        unit_path=org.a.path,
        title="Giấy chứng nhận sáng kiến 2026",
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_batch_issues_every_document_with_progress(cast: Any, org: Any) -> None:
    job = _start(cast, org, ["Trần Thị Mai", "Lê Văn Bình", "Phạm Thu Hà"])

    finished = run_generation_job(job, render=fake_render)

    assert (finished.status, finished.done, finished.total) == (JobStatus.SUCCEEDED, 3, 3)
    assert list(finished.documents.order_by("number").values_list("number", "source")) == [
        (1, "tests.certificate:1"),
        (2, "tests.certificate:2"),
        (3, "tests.certificate:3"),
    ]


def test_start_enqueues_the_task_after_commit(
    cast: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        job = _start(cast, org, ["Trần Thị Mai"])

    assert len(callbacks) == 1
    assert GenerationJob.objects.get().status == JobStatus.QUEUED
    assert job.created_by == cast[Role.DEPT_OFFICER]


def test_a_batch_with_a_document_lacking_data_numbers_nothing(cast: Any, org: Any) -> None:
    job = _start(cast, org, ["Trần Thị Mai", ""])

    finished = run_generation_job(job, render=fake_render)

    assert finished.status == JobStatus.FAILED
    assert finished.error == (
        "Chưa tạo văn bản nào, vì thiếu dữ liệu:\nVăn bản thứ 2: Thiếu trích yếu nội dung văn bản."
    )
    assert IssuedDocument.objects.count() == 0
    assert NumberSeries.objects.count() == 0


def test_starting_a_batch_outside_ones_scope_is_refused(cast: Any, org: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        start_generation(
            by=cast[Role.UNIT_OFFICER],
            builder=BUILDER,
            params={"names": ["A"], "unit_path": org.b.path},
            unit_path=org.b.path,
            title="Giấy chứng nhận",
        )


def test_job_page_polls_until_finished_then_offers_the_download(cast: Any, org: Any) -> None:
    job = _start(cast, org, ["Trần Thị Mai", "Lê Văn Bình"])
    client = _client(cast[Role.DEPT_OFFICER])

    waiting = client.get(reverse("documents:job_progress", args=[job.pk]))
    run_generation_job(job, render=fake_render)
    done = client.get(reverse("documents:job_progress", args=[job.pk]))
    page = client.get(reverse("documents:job", args=[job.pk]))

    assert 'hx-trigger="every 1s"' in waiting.content.decode()
    assert "Đang chờ tiến trình nền nhận việc" in waiting.content.decode()
    assert "every 1s" not in done.content.decode()
    assert "Đã phát hành 2 văn bản." in done.content.decode()
    assert reverse("documents:job_download", args=[job.pk]) in page.content.decode()


def test_download_of_a_batch_is_a_zip_of_its_files(cast: Any, org: Any) -> None:
    job = _start(cast, org, ["Trần Thị Mai", "Lê Văn Bình"])
    run_generation_job(job, render=fake_render)

    response = _client(cast[Role.DEPT_OFFICER]).get(
        reverse("documents:job_download", args=[job.pk])
    )

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert response["Content-Type"] == "application/zip"
    assert sorted(archive.namelist()) == [
        "01-QĐ-SYT.docx",
        "01-QĐ-SYT.pdf",
        "02-QĐ-SYT.docx",
        "02-QĐ-SYT.pdf",
    ]
    assert rendered(archive.read("02-QĐ-SYT.pdf"))["number_line"] == "Số: 02/QĐ-SYT"


def test_download_of_an_unfinished_batch_is_404(cast: Any, org: Any) -> None:
    job = _start(cast, org, ["Trần Thị Mai"])

    response = _client(cast[Role.DEPT_OFFICER]).get(
        reverse("documents:job_download", args=[job.pk])
    )

    assert response.status_code == 404


def test_another_units_officer_cannot_see_the_job(cast: Any, org: Any) -> None:
    job = _start(cast, org, ["Trần Thị Mai"])
    run_generation_job(job, render=fake_render)
    outsider = cast.nobody

    page = _client(outsider).get(reverse("documents:job", args=[job.pk]))
    download = _client(outsider).get(reverse("documents:job_download", args=[job.pk]))

    assert (page.status_code, download.status_code) == (404, 404)
