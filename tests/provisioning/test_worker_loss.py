"""A worker killed in the middle of a run (kill -9): the run is resumed and finishes.

This test commits its data, because real worker processes must see it, and removes it again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_exists

from provisioning import actions
from provisioning.models import ProvisioningRun, ProvisioningStep
from provisioning.tasks import advance_run as advance_run_task
from tenants.models import Buurtsite, Municipality
from tests.cleanup import remove_committed_buurtsite

ROOT = Path(__file__).resolve().parents[2]
SLUG = "wolfskuil"


def _start_worker() -> subprocess.Popen[bytes]:
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "REDIS_NAMESPACE": settings.REDIS_NAMESPACE,
        "PYTHONPATH": f"{ROOT / 'platform'}{os.pathsep}{ROOT}",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mijnbuurtje",
            "worker",
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(worker: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        worker.wait(timeout=30)


def _wait_until(condition: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting")
        time.sleep(0.1)


def _a_backend_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        yield
        remove_committed_buurtsite(SLUG)
        connection.close()


def test_run_interrupted_by_a_killed_worker_is_resumed_and_finishes(committed: None) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(advance_run_task, "delay_on_commit", lambda *args: None)
        run = actions.order_buurtsite(
            Municipality.objects.get(cbs_code="GM0268"), name="Wolfskuil", slug=SLUG
        )

    # Another transaction is creating a schema of the same name: the worker's CREATE SCHEMA
    # waits for it, in the middle of the step's transaction. That is where we kill it.
    holding, release = threading.Event(), threading.Event()

    def hold_the_name() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(f'CREATE SCHEMA "{run.buurtsite.schema_name}"')
                holding.set()
                release.wait(60)
                cursor.execute("ROLLBACK")
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_name)
    holder.start()
    assert holding.wait(10)
    worker = _start_worker()
    try:
        advance_run_task.delay(run.pk)
        _wait_until(_a_backend_waits_for_a_lock)
        _stop(worker, signal.SIGKILL)
    finally:
        _stop(worker, signal.SIGKILL)
        release.set()
        holder.join()

    run.refresh_from_db()
    step = run.steps.get(name="create_schema")
    assert run.status == ProvisioningRun.Status.RUNNING  # stalled, not lost
    assert step.status == ProvisioningStep.Status.RUNNING
    _wait_until(lambda: not _a_backend_waits_for_a_lock())
    assert not schema_exists(run.buurtsite.schema_name)  # the killed step left nothing

    assert actions.resume_stalled_runs(stale_after=timedelta(0)) == [run.pk]
    worker = _start_worker()
    try:
        _wait_until(lambda: ProvisioningRun.objects.get(pk=run.pk).status == "succeeded")
    finally:
        _stop(worker)

    assert ProvisioningStep.objects.get(pk=step.pk).attempts == 2
    assert schema_exists(run.buurtsite.schema_name)
    assert Buurtsite.objects.get(pk=run.buurtsite_id).status == Buurtsite.Status.ACTIVE
    response = Client(HTTP_HOST=f"{SLUG}.localhost").get("/")
    assert response.status_code == 200


def test_a_fresh_run_is_not_resumed(db: None) -> None:
    run = ProvisioningRun.objects.create(buurtsite=Buurtsite.objects.get(slug="oost"))
    ProvisioningRun.objects.filter(pk=run.pk).update(
        status=ProvisioningRun.Status.RUNNING, heartbeat_at=run.created_at
    )

    assert actions.resume_stalled_runs(stale_after=timedelta(minutes=5)) == []
