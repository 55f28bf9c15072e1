from django.tasks import task

from thidua.core import services


@task()
def task_heartbeat() -> str:
    """Enqueued every minute by run_scheduler; its completion proves the worker is alive."""
    return services.record_worker_heartbeat().isoformat()
