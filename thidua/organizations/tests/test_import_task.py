"""A large import runs in the background: enqueued on the database task backend, picked up by the
real `db_worker` command run in-process."""

import io
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from thidua.accounts.roles import Role
from thidua.conftest import Cast
from thidua.organizations.enums import ImportStatus
from thidua.organizations.models import ImportJob, Person
from thidua.organizations.tests.import_files import PEOPLE_HEADERS, person_row, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False
    settings.THIDUA_IMPORT_SYNC_MAX_ROWS = 5


@pytest.fixture
def run_worker() -> Iterator[Any]:
    """Run `db_worker` until the queue is empty; the worker installs signal handlers for its
    own process, which are put back afterwards."""
    signals = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s]
    saved = {s: signal.getsignal(s) for s in signals}

    def run() -> None:
        call_command(
            "db_worker",
            batch=True,
            queue_name="*",
            startup_delay=False,
            reload=False,
            verbosity=0,
            stdout=io.StringIO(),
        )

    yield run
    for number, handler in saved.items():
        signal.signal(number, handler)


def upload_people(client: Client, count: int) -> Any:
    rows = [person_row(f"NV{i:04d}", f"Người Nền {i}", "BV_A_K1") for i in range(count)]
    upload = io.BytesIO(xlsx_bytes(PEOPLE_HEADERS, rows))
    upload.name = "nhieu-can-bo.xlsx"
    return client.post(reverse("organizations:import_upload", args=["people"]), {"file": upload})


def test_import_large_file_runs_through_the_database_task_worker(
    cast: Cast, run_worker: Any
) -> None:
    client = Client()
    client.force_login(cast[Role.UNIT_OFFICER])

    response = upload_people(client, 8)

    job = ImportJob.objects.get()
    task = DBTaskResult.objects.get()
    assert (response.status_code, job.status, job.total_rows) == (302, ImportStatus.PENDING, 8)
    assert (task.queue_name, task.task_path, task.args_kwargs) == (
        "imports",
        "thidua.organizations.tasks.task_run_import",
        {"args": [job.pk], "kwargs": {}},
    )
    waiting = client.get(reverse("organizations:import_progress", args=[job.pk])).content.decode()
    assert "Đang chờ tiến trình nền nhận việc…" in waiting
    assert 'hx-trigger="every 1s"' in waiting

    run_worker()

    job.refresh_from_db()
    task.refresh_from_db()
    assert (job.status, job.created_count, job.processed_rows, job.progress_percent) == (
        ImportStatus.SUCCEEDED,
        8,
        8,
        100,
    )
    assert (task.status, task.return_value) == ("SUCCESSFUL", "succeeded")
    assert Person.objects.filter(staff_code__startswith="NV").count() == 8
    done = client.get(reverse("organizations:import_progress", args=[job.pk])).content.decode()
    assert "Đã nhập 8 dòng: 8 tạo mới, 0 cập nhật, 0 không thay đổi." in done
    assert "hx-trigger" not in done


def test_import_task_failure_ends_the_job_failed_not_running(cast: Cast, run_worker: Any) -> None:
    client = Client()
    client.force_login(cast[Role.UNIT_OFFICER])
    upload_people(client, 6)
    job = ImportJob.objects.get()
    Path(job.file.path).unlink()

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.finished_at is not None) == (ImportStatus.FAILED, True)
    assert job.message.startswith("Hệ thống gặp lỗi ngoài ý muốn khi nhập tệp này")
    assert Person.objects.filter(staff_code__startswith="NV").count() == 0
