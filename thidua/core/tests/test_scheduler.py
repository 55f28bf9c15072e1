"""`manage.py run_scheduler`: enqueues the periodic tasks; the worker running them keeps /healthz ok."""

import io
import signal

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import Client
from django_tasks_db.models import DBTaskResult

from thidua.core.management.commands.run_scheduler import PERIODIC_JOBS, PeriodicJob, enqueue_due

HEARTBEAT_PATH = "thidua.core.tasks.task_heartbeat"


@pytest.fixture
def restore_signals():
    """db_worker installs its own SIGINT/SIGTERM handlers in the test process: put ours back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def run_scheduler_once() -> str:
    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    return out.getvalue()


def test_periodic_jobs_start_with_the_heartbeat_every_minute():
    assert PERIODIC_JOBS[0] == PeriodicJob("heartbeat", 60, HEARTBEAT_PATH)


@pytest.mark.django_db
def test_run_scheduler_once_enqueues_exactly_one_heartbeat():
    output = run_scheduler_once()

    assert list(DBTaskResult.objects.values_list("task_path", "status")) == [
        (HEARTBEAT_PATH, TaskResultStatus.READY)
    ]
    assert output == "Đã xếp lịch: heartbeat.\n"


@pytest.mark.django_db
def test_run_scheduler_once_does_not_pile_up_heartbeats_while_the_worker_is_down():
    run_scheduler_once()

    output = run_scheduler_once()

    assert DBTaskResult.objects.count() == 1
    assert output == "Đã xếp lịch: không có tác vụ nào.\n"


@pytest.mark.django_db
def test_enqueue_due_waits_for_each_job_period():
    last_run: dict[str, float] = {}

    first = enqueue_due(PERIODIC_JOBS, last_run, now=1000.0)
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    too_early = enqueue_due(PERIODIC_JOBS, last_run, now=1059.0)
    due_again = enqueue_due(PERIODIC_JOBS, last_run, now=1060.0)

    assert (first, too_early, due_again) == (["heartbeat"], [], ["heartbeat"])
    assert DBTaskResult.objects.count() == 2


# The worker closes "old" connections between tasks: a test transaction would not survive it.
@pytest.mark.django_db(transaction=True)
def test_worker_running_the_scheduled_heartbeat_makes_healthz_report_the_worker_ok(
    restore_signals,
):
    client = Client()
    before = client.get("/healthz").json()
    run_scheduler_once()

    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--queue-name",
        "*",
        verbosity=0,
        stdout=io.StringIO(),
    )

    after = client.get("/healthz").json()
    assert (before["status"], before["worker"]["ok"]) == ("degraded", False)
    assert (after["status"], after["worker"]["ok"], after["worker"]["tasks_queued"]) == (
        "ok",
        True,
        0,
    )
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == [
        TaskResultStatus.SUCCESSFUL
    ]
