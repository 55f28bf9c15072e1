"""`manage.py run_scheduler`: enqueues the periodic tasks; the worker running them keeps /healthz ok."""

import io
import signal

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from thidua.core.management.commands.run_scheduler import PERIODIC_JOBS, PeriodicJob, enqueue_due

HEARTBEAT_PATH = "thidua.core.tasks.task_heartbeat"
PLANNER_STATISTICS_PATH = "thidua.core.tasks.task_refresh_planner_statistics"
RECOMPUTE_PATH = "thidua.reporting.tasks.task_recompute_current_year"
REMINDERS_PATH = "thidua.reporting.tasks.task_send_reminders"


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


def test_periodic_jobs_are_the_heartbeat_and_the_daily_jobs():
    assert (
        PeriodicJob("heartbeat", 60, HEARTBEAT_PATH),
        PeriodicJob("planner-statistics", 24 * 60 * 60, PLANNER_STATISTICS_PATH),
        PeriodicJob("reporting-recompute", 24 * 60 * 60, RECOMPUTE_PATH),
        PeriodicJob("report-reminders", 24 * 60 * 60, REMINDERS_PATH),
    ) == PERIODIC_JOBS


@pytest.mark.django_db
def test_run_scheduler_once_enqueues_exactly_one_heartbeat_and_one_planner_statistics():
    output = run_scheduler_once()

    assert list(
        DBTaskResult.objects.order_by("enqueued_at", "task_path").values_list("task_path", "status")
    ) == [
        (HEARTBEAT_PATH, TaskResultStatus.READY),
        (PLANNER_STATISTICS_PATH, TaskResultStatus.READY),
        (RECOMPUTE_PATH, TaskResultStatus.READY),
        (REMINDERS_PATH, TaskResultStatus.READY),
    ]
    assert output == (
        "Đã xếp lịch: heartbeat, planner-statistics, reporting-recompute, report-reminders.\n"
    )


@pytest.mark.django_db
def test_run_scheduler_once_does_not_pile_up_heartbeats_while_the_worker_is_down():
    run_scheduler_once()

    output = run_scheduler_once()

    # still one waiting run of each job (heartbeat, planner-statistics, …), nothing added
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        HEARTBEAT_PATH,
        PLANNER_STATISTICS_PATH,
        RECOMPUTE_PATH,
        REMINDERS_PATH,
    ]
    assert output == "Đã xếp lịch: không có tác vụ nào.\n"


@pytest.mark.django_db
def test_enqueue_due_waits_for_each_job_period():
    last_run: dict[str, float] = {}

    first = enqueue_due(PERIODIC_JOBS, last_run, now=1000.0)
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    too_early = enqueue_due(PERIODIC_JOBS, last_run, now=1059.0)
    due_again = enqueue_due(PERIODIC_JOBS, last_run, now=1060.0)
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    day_too_early = enqueue_due(PERIODIC_JOBS, last_run, now=1000.0 + 24 * 60 * 60 - 60)
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    day_due = enqueue_due(PERIODIC_JOBS, last_run, now=1000.0 + 24 * 60 * 60)

    # The heartbeat comes back every minute, the daily jobs once a day.
    daily = ["planner-statistics", "reporting-recompute", "report-reminders"]
    assert (first, too_early, due_again) == (["heartbeat", *daily], [], ["heartbeat"])
    assert (day_too_early, day_due) == (["heartbeat"], ["heartbeat", *daily])
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == (
        [HEARTBEAT_PATH] * 4
        + [PLANNER_STATISTICS_PATH] * 2
        + [RECOMPUTE_PATH] * 2
        + [REMINDERS_PATH] * 2
    )


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
    # both scheduled tasks ran, each with its own result
    assert sorted(DBTaskResult.objects.values_list("task_path", "status", "return_value")) == [
        (HEARTBEAT_PATH, TaskResultStatus.SUCCESSFUL, after["worker"]["last_seen"]),
        (PLANNER_STATISTICS_PATH, TaskResultStatus.SUCCESSFUL, "ok"),
        (RECOMPUTE_PATH, TaskResultStatus.SUCCESSFUL, "0 phong trào"),
        (
            REMINDERS_PATH,
            TaskResultStatus.SUCCESSFUL,
            f"Ngày {timezone.localdate():%d/%m/%Y}: không có nhắc hạn nào cần gửi.",
        ),
    ]
