"""Background tasks of documents. A task only loads its objects and calls a service."""

from django.tasks import task

from thidua.documents.models import GenerationJob
from thidua.documents.services.batches import run_generation_job


@task()
def task_generate_documents(job_id: int) -> str:
    """Issue a batch of documents queued from a page or the API."""
    job = GenerationJob.objects.select_related("created_by").get(pk=job_id)
    return str(run_generation_job(job).status)
