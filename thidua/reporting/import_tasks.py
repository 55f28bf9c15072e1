"""The background task of the Excel bulk entry (apart from `tasks.py`, which scores and
reminders use). A task only loads its objects and calls a service."""

from functools import partial

from django.db import transaction
from django.tasks import task

from thidua.accounts.models import User
from thidua.reporting.models import ValuesImport
from thidua.reporting.services.imports import run_values_import, runs_in_background


@task(queue_name="imports")
def task_run_values_import(job_id: int) -> str:
    """Run an Excel bulk entry too large to run during the upload request."""
    job = ValuesImport.objects.select_related("created_by").get(pk=job_id)
    return str(run_values_import(job, by=job.created_by).status)


def start_values_import(job: ValuesImport, *, by: User) -> ValuesImport:
    """Run a small job now; enqueue a large one on the `imports` queue once the job row is
    committed (so the worker always finds it) and return it still pending."""
    if runs_in_background(job):
        transaction.on_commit(partial(task_run_values_import.enqueue, job.pk))
        return job
    return run_values_import(job, by=by)
