from django.tasks import task

from thidua.core import services


@task()
def task_heartbeat() -> str:
    """Enqueued every minute by run_scheduler; its completion proves the worker is alive."""
    return services.record_worker_heartbeat().isoformat()


@task()
def task_refresh_planner_statistics() -> str:
    """Enqueued daily by run_scheduler (and after imports): keeps SQLite's planner informed."""
    services.refresh_query_planner_statistics()
    return "ok"
