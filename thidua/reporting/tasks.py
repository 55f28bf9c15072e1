"""Background tasks of reporting. A task only loads its objects and calls a service."""

from django.tasks import task
from django.utils import timezone

from thidua.reporting.models import RecomputeJob
from thidua.reporting.services.reminders import send_reminders
from thidua.reporting.services.standings import recompute_launched_movements, run_recompute_job


@task()
def task_recompute_year(job_id: int) -> str:
    """Run a recomputation of a year's scores and rankings queued from the page or the API."""
    job = RecomputeJob.objects.select_related("movement__owner", "created_by").get(pk=job_id)
    return str(run_recompute_job(job).status)


@task()
def task_recompute_current_year() -> str:
    """Enqueued daily by run_scheduler: the current year of every launched movement."""
    jobs = recompute_launched_movements()
    return f"{len(jobs)} phong trào"


@task()
def task_send_reminders() -> str:
    """Enqueued daily by run_scheduler: the reminders of reporting deadlines due today."""
    return str(send_reminders(today=timezone.localdate()))
