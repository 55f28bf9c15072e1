import datetime as dt

from django.utils import timezone

from thidua.core.models import SystemFlag, WorkerHeartbeat

DEMO_DATA_FLAG = "demo_data"


def record_worker_heartbeat(*, name: str = "default") -> dt.datetime:
    """Note that the worker ran a task now."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"last_seen": now})
    return now


def set_system_flag(*, key: str, value: str) -> None:
    SystemFlag.objects.update_or_create(
        key=key, defaults={"value": value, "set_at": timezone.now()}
    )
