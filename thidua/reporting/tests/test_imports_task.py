"""A large file (more unit rows than `SYNC_MAX_ROWS`) is imported in the background: enqueued on
the `imports` queue of the database task backend and picked up by the real `db_worker` command,
run in-process as organizations' import tests do; the job's page polls its progress."""

import io
import signal
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.enums import UnitKind
from thidua.organizations.tests.factories import make_unit
from thidua.reporting.enums import JobStatus
from thidua.reporting.models import Report, ReportValue, ValuesImport
from thidua.reporting.services.imports import SYNC_MAX_ROWS
from thidua.reporting.tests.factories import make_plan
from thidua.reporting.tests.imports_support import client_for, post_file, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)

KHOA = SYNC_MAX_ROWS + 5  # khoa/phòng added under BV_A: the file has more rows than run inline


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False


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


def big_file(org: Org) -> bytes:
    for number in range(KHOA):
        make_unit(f"BV_A_P{number:02d}", f"Phòng {number:02d}", parent=org.a, kind=UnitKind.OFFICE)
    rows = [["BV_A", "Bệnh viện A", 100, 80, 5]] + [
        [f"BV_A_P{number:02d}", "", number, number, 1] for number in range(KHOA)
    ]
    return xlsx_bytes(["Mã đơn vị", "Tên đơn vị", "DVC_TONG", "DVC_TRUC_TUYEN", "CB_DAO_TAO"], rows)


def test_a_large_file_runs_through_the_task_worker_with_a_progress_bar(
    cast: Cast, org: Org, run_worker: Any
) -> None:
    plan = make_plan(org)
    client = client_for(cast[Role.UNIT_OFFICER])

    response = post_file(client, plan.current, big_file(org))

    job = ValuesImport.objects.get()
    task = DBTaskResult.objects.get()
    progress_url = reverse("reporting:values_import_progress", args=[job.pk])
    assert (response.status_code, job.status, job.total_rows) == (302, JobStatus.PENDING, KHOA + 1)
    assert (task.queue_name, task.task_path, task.args_kwargs) == (
        "imports",
        "thidua.reporting.import_tasks.task_run_values_import",
        {"args": [job.pk], "kwargs": {}},
    )
    waiting = client.get(progress_url).content.decode()
    assert "Đang chờ tiến trình nền nhận việc…" in waiting
    assert 'hx-trigger="every 1s"' in waiting

    run_worker()

    job.refresh_from_db()
    task.refresh_from_db()
    assert (job.status, job.written_values, job.processed_rows, job.progress_percent) == (
        JobStatus.SUCCEEDED,
        3 * (KHOA + 1),
        KHOA + 1,
        100,
    )
    assert (task.status, task.return_value) == ("SUCCESSFUL", "succeeded")
    assert Report.objects.filter(period=plan.current).count() == KHOA + 1
    tl = ReportValue.objects.get(report__unit=org.a, indicator=plan.indicators["TL_DVC"])
    assert tl.value == Decimal("80.0000")
    done = client.get(progress_url).content.decode()
    assert f"của {KHOA + 1} đơn vị" in done
    assert "hx-trigger" not in done


def test_a_large_file_with_an_error_fails_in_the_background_and_writes_nothing(
    cast: Cast, org: Org, run_worker: Any
) -> None:
    plan = make_plan(org)
    content = big_file(org)
    post_file(client_for(cast[Role.UNIT_OFFICER]), plan.current, content)
    job = ValuesImport.objects.get()
    Path(job.file.path).write_bytes(
        xlsx_bytes(["Mã đơn vị", "CB_DAO_TAO"], [["BV_A", 1]] * 2 + [["BV_B", 1]] * 40)
    )

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.errors[0] == {
        "row": 2,
        "column": "Mã đơn vị",
        "message": "Mã đơn vị “BV_A” bị trùng: cũng có ở dòng 3.",
    }
    assert Report.objects.count() == 0


def test_a_task_whose_file_vanished_ends_failed_not_running(
    cast: Cast, org: Org, run_worker: Any
) -> None:
    plan = make_plan(org)
    post_file(client_for(cast[Role.UNIT_OFFICER]), plan.current, big_file(org))
    job = ValuesImport.objects.get()
    Path(job.file.path).unlink()

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.finished_at is not None) == (JobStatus.FAILED, True)
    assert job.message.startswith("Hệ thống gặp lỗi ngoài ý muốn khi nhập tệp này")
    assert Report.objects.count() == 0


def test_a_small_file_runs_during_the_request(cast: Cast, org: Org) -> None:
    plan = make_plan(org)

    post_file(
        client_for(cast[Role.UNIT_OFFICER]),
        plan.current,
        xlsx_bytes(["Mã đơn vị", "CB_DAO_TAO"], [["BV_A", 3]]),
    )

    assert ValuesImport.objects.get().status == JobStatus.SUCCEEDED
    assert DBTaskResult.objects.count() == 0
