"""/healthz: database reachable, worker alive (a heartbeat task ran recently), queue depth."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from thidua.core.models import WorkerHeartbeat
from thidua.core.services import record_worker_heartbeat
from thidua.core.tasks import task_heartbeat


@pytest.fixture
def client(db):
    return Client()


def test_healthz_without_heartbeat_is_degraded(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": {"ok": True, "vendor": connection.vendor},
        "worker": {
            "ok": False,
            "last_seen": None,
            "tasks_queued": 0,
            "oldest_queued_seconds": None,
        },
    }


def test_healthz_after_a_heartbeat_is_ok(client):
    beat = record_worker_heartbeat()

    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["worker"]["ok"] is True
    assert dt.datetime.fromisoformat(body["worker"]["last_seen"]) == beat


def test_healthz_with_a_stale_heartbeat_is_degraded(client, settings):
    settings.THIDUA_WORKER_STALE_AFTER = dt.timedelta(minutes=3)
    WorkerHeartbeat.objects.create(
        name="default", last_seen=timezone.now() - dt.timedelta(minutes=4)
    )

    response = client.get("/healthz")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["worker"]["ok"]) == ("degraded", False)


def test_healthz_heartbeat_within_the_stale_limit_is_ok(client, settings):
    settings.THIDUA_WORKER_STALE_AFTER = dt.timedelta(minutes=3)
    WorkerHeartbeat.objects.create(
        name="default", last_seen=timezone.now() - dt.timedelta(minutes=2)
    )

    response = client.get("/healthz")

    assert response.json()["status"] == "ok"


def test_healthz_counts_queued_tasks(client):
    record_worker_heartbeat()
    task_heartbeat.enqueue()
    task_heartbeat.enqueue()

    response = client.get("/healthz")

    worker = response.json()["worker"]
    assert worker["tasks_queued"] == 2
    assert worker["oldest_queued_seconds"] == 0


def test_healthz_open_without_login_and_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_post(client):
    response = client.post("/healthz")

    assert response.status_code == 405
