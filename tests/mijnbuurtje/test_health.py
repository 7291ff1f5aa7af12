from __future__ import annotations

from django.core.cache import caches
from django.test import Client

from tenants.tasks import HEARTBEAT_KEY


def test_health_reports_database_redis_and_worker(platform_client: Client) -> None:
    caches["platform"].delete(HEARTBEAT_KEY)

    response = platform_client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "worker": "stale"}


def test_health_sees_a_recent_heartbeat(platform_client: Client) -> None:
    import time

    caches["platform"].set(HEARTBEAT_KEY, time.time(), 60)

    assert platform_client.get("/health/").json()["worker"] == "ok"
    caches["platform"].delete(HEARTBEAT_KEY)
