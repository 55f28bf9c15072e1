"""Background tasks of the organisation app. A task only loads its objects and calls a service."""

from django.tasks import task

from thidua.organizations.models import ImportJob
from thidua.organizations.services.imports import run_import


@task(queue_name="imports")
def task_run_import(job_id: int) -> str:
    """Run an Excel import too large to run during the upload request."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    return str(run_import(job, by=job.created_by).status)
