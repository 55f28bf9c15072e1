"""`manage.py run_scheduler [--once] [--interval 60]`: enqueue the periodic tasks.

The one place periodic work is declared (PERIODIC_JOBS). Every `--interval` seconds the loop
enqueues each job whose period has elapsed; the worker (`db_worker`) runs them. Exactly one
scheduler runs per installation: the demo supervisor (`serve`) starts it, production runs it as a
systemd service (or `--once` from a timer every minute).

Jobs are named by the dotted path of their task, so that core declares the schedule without
importing the apps above it (the layers point one way).
"""

import logging
import signal
import threading
import time
from dataclasses import dataclass
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.tasks import Task, TaskResultStatus
from django.utils.module_loading import import_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: int
    task_path: str  # dotted path of a django.tasks Task

    def task(self) -> Task[Any, Any]:
        task: Task[Any, Any] = import_string(self.task_path)
        return task


PERIODIC_JOBS: tuple[PeriodicJob, ...] = (
    # Proof that the worker runs tasks: /healthz reports "degraded" when it is late.
    PeriodicJob("heartbeat", 60, "thidua.core.tasks.task_heartbeat"),
    # SQLite gathers no planner statistics by itself (see refresh_query_planner_statistics).
    PeriodicJob(
        "planner-statistics", 24 * 60 * 60, "thidua.core.tasks.task_refresh_planner_statistics"
    ),
    # Scores and rankings of the current year of every launched movement (reporting).
    PeriodicJob(
        "reporting-recompute", 24 * 60 * 60, "thidua.reporting.tasks.task_recompute_current_year"
    ),
    # Reminders of reporting deadlines (idempotent for a day: a second run sends nothing).
    PeriodicJob("report-reminders", 24 * 60 * 60, "thidua.reporting.tasks.task_send_reminders"),
)


def is_waiting(task: Task[Any, Any]) -> bool:
    """Whether a run of `task` is already queued and not started (then enqueueing another would
    only pile up runs while the worker is down). Known for the database backend only."""
    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    return bool(
        DBTaskResult.objects.filter(
            task_path=task.module_path, status=TaskResultStatus.READY
        ).exists()
    )


def enqueue_due(jobs: tuple[PeriodicJob, ...], last_run: dict[str, float], now: float) -> list[str]:
    """Enqueue the jobs whose period has elapsed since `last_run` (updated in place); returns
    the names of the jobs enqueued."""
    enqueued: list[str] = []
    for job in jobs:
        previous = last_run.get(job.name)
        if previous is not None and now - previous < job.every_seconds:
            continue
        last_run[job.name] = now
        task = job.task()
        if is_waiting(task):
            continue
        task.enqueue()
        enqueued.append(job.name)
    return enqueued


class Command(BaseCommand):
    help = "Xếp lịch các tác vụ định kỳ (nhịp tim tiến trình nền, …) vào hàng đợi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Xếp lịch một lần mọi tác vụ rồi thoát."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=60.0,
            help="Số giây giữa hai lần kiểm tra lịch (mặc định 60).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            names = enqueue_due(PERIODIC_JOBS, {}, time.monotonic())
            self.stdout.write(f"Đã xếp lịch: {', '.join(names) or 'không có tác vụ nào'}.")
            return
        interval = max(1.0, float(options["interval"]))
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        self.stdout.write(f"Bộ lập lịch đang chạy (kiểm tra mỗi {interval:g} giây).")
        last_run: dict[str, float] = {}
        while not stop.is_set():
            try:
                enqueue_due(PERIODIC_JOBS, last_run, time.monotonic())
            except Exception:
                # A database hiccup must not kill the scheduler: log it, try again next tick.
                logger.exception("Không xếp lịch được tác vụ định kỳ")
            stop.wait(interval)
        self.stdout.write("Bộ lập lịch đã dừng.")
