"""Celery tasks run in the schema of the buurtsite that enqueued them, on a real worker."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker
from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.core.cache import caches
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import User
from mijnbuurtje.celery import app
from tenants.models import Buurtsite
from tenants.tasks import (
    HEARTBEAT_KEY,
    BuurtsiteTask,
    NoBuurtsiteContextError,
    PlatformTask,
    fan_out,
    record_heartbeat,
)

WAIT = 30


@shared_task(base=BuurtsiteTask, name="tests.describe_buurtsite")
def describe_buurtsite() -> dict[str, Any]:
    return {
        "schema": connection.schema_name,
        "members": sorted(User.objects.values_list("email", flat=True)),
    }


@shared_task(base=PlatformTask, name="tests.describe_platform")
def describe_platform() -> str:
    return str(connection.schema_name)


@shared_task(base=BuurtsiteTask, name="tests.note_visit")
def note_visit(marker: str) -> None:
    caches["default"].set(f"visited:{marker}", connection.schema_name, 60)


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """A real Celery worker in a thread, consuming from the real Redis broker."""
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False):
            yield


def test_task_runs_in_the_schema_that_enqueued_it(
    worker: None, oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        from_oost = describe_buurtsite.delay()
    with tenant_context(lindenholt):
        from_lindenholt = describe_buurtsite.delay()

    oost_result = from_oost.get(timeout=WAIT)
    lindenholt_result = from_lindenholt.get(timeout=WAIT)

    assert oost_result["schema"] == "oost"
    assert "bewoner@oost.localhost" in oost_result["members"]
    assert not any("lindenholt" in email for email in oost_result["members"])
    assert lindenholt_result["schema"] == "lindenholt"
    assert "bewoner@lindenholt.localhost" in lindenholt_result["members"]


def test_buurtsite_task_refuses_to_be_enqueued_outside_a_buurtsite(db: None) -> None:
    with pytest.raises(NoBuurtsiteContextError):
        describe_buurtsite.delay()


def test_buurtsite_task_without_schema_header_fails_closed_on_the_worker(
    worker: None, db: None
) -> None:
    # A message from elsewhere (another client, an old release) that names no buurtsite.
    result = app.send_task("tests.describe_buurtsite", headers={"_schema_name": "public"})

    with pytest.raises(NoBuurtsiteContextError):
        result.get(timeout=WAIT)


def test_task_for_a_deleted_buurtsite_fails_closed(worker: None, db: None) -> None:
    result = app.send_task("tests.describe_buurtsite", headers={"_schema_name": "verdwenen"})

    with pytest.raises(NoBuurtsiteContextError):
        result.get(timeout=WAIT)


def test_platform_task_runs_in_public_even_when_sent_from_a_buurtsite(
    worker: None, oost: Buurtsite
) -> None:
    with tenant_context(oost):
        result = describe_platform.delay()

    assert result.get(timeout=WAIT) == "public"


def _wait_for_visit(buurtsite: Buurtsite, marker: str) -> str | None:
    with tenant_context(buurtsite):
        for _ in range(WAIT * 10):
            seen = caches["default"].get(f"visited:{marker}")
            if seen:
                caches["default"].delete(f"visited:{marker}")
                return str(seen)
            time.sleep(0.1)
    return None


def test_enqueue_on_commit_waits_for_the_transaction_and_keeps_its_buurtsite(
    worker: None, oost: Buurtsite, django_capture_on_commit_callbacks: Any
) -> None:
    with tenant_context(oost), django_capture_on_commit_callbacks(execute=False) as callbacks:
        note_visit.delay_on_commit("commit")
        time.sleep(0.5)
        assert caches["default"].get("visited:commit") is None  # nothing sent before commit
    assert len(callbacks) == 1

    # The commit happens after the request switched back to public: the message still says oost.
    connection.set_schema_to_public()
    callbacks[0]()

    assert _wait_for_visit(oost, "commit") == "oost"


def test_fan_out_runs_a_task_in_every_serving_buurtsite(worker: None, db: None) -> None:
    sent = fan_out.delay("tests.note_visit", "fan").get(timeout=WAIT)

    assert sent == 2
    for buurtsite in Buurtsite.objects.filter(slug__in=["oost", "lindenholt"]):
        assert _wait_for_visit(buurtsite, "fan") == buurtsite.schema_name


def test_heartbeat_is_recorded_by_the_worker(worker: None, db: None) -> None:
    caches["platform"].delete(HEARTBEAT_KEY)

    stamp = record_heartbeat.delay().get(timeout=WAIT)

    assert caches["platform"].get(HEARTBEAT_KEY) == stamp


def test_fan_out_refuses_a_task_that_is_not_per_buurtsite(worker: None, db: None) -> None:
    with pytest.raises(TypeError):
        fan_out.delay("tests.describe_platform").get(timeout=WAIT)


def test_results_never_hang(worker: None, db: None) -> None:
    with pytest.raises(CeleryTimeoutError):
        app.AsyncResult("not-a-task").get(timeout=0.5)
