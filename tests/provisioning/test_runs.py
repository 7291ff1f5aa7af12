"""Provisioning runs: from an order to a buurtsite answering on its host, step by step."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_exists

from mijnbuurtje.celery import app
from provisioning import actions, workflow
from provisioning.models import ProvisioningRun, ProvisioningStep
from provisioning.tasks import advance_run as advance_run_task
from tenants.models import Buurtsite, Domain, Municipality
from tests.provisioning.catalog import describe_schema

STEP_NAMES = [step.name for step in workflow.STEPS]


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False):
            yield


@pytest.fixture
def nijmegen(db: None) -> Municipality:
    return Municipality.objects.get(cbs_code="GM0268")


def _run_to_the_end(run: ProvisioningRun) -> actions.Advance:
    result = actions.advance_run(run.pk)
    while result.outcome in {actions.Outcome.STEP_DONE, actions.Outcome.RETRY}:
        result = actions.advance_run(run.pk)
    return result


def _wait_for(run: ProvisioningRun, *statuses: str, seconds: float = 30) -> ProvisioningRun:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return run
        time.sleep(0.1)
    raise AssertionError(f"run stayed {run.status}")


def _replace_step(monkeypatch: pytest.MonkeyPatch, name: str, run: Any) -> workflow.Step:
    """Swap one step's work for `run`; the workflow looks steps up by name when it runs them."""
    position = STEP_NAMES.index(name)
    original = workflow.STEPS[position]
    steps = list(workflow.STEPS)
    steps[position] = workflow.Step(name, original.label, run)
    monkeypatch.setattr(workflow, "STEPS", steps)
    return original


def _order(municipality: Municipality, slug: str = "hatert") -> ProvisioningRun:
    with pytest.MonkeyPatch.context() as patch:
        # Ordering sends the run to the worker after commit; these tests drive it themselves.
        patch.setattr(advance_run_task, "delay_on_commit", lambda *args: None)
        return actions.order_buurtsite(municipality, name="Hatert", slug=slug)


def test_order_runs_every_step_and_the_buurtsite_answers_on_its_host(
    worker: None, nijmegen: Municipality, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = actions.order_buurtsite(nijmegen, name="Hatert", slug="hatert")

    # The worker's connection cannot see this test's uncommitted rows, so drive it here,
    # the way the task does, and check the task itself in the next test.
    result = _run_to_the_end(run)

    assert result.outcome is actions.Outcome.SUCCEEDED
    run.refresh_from_db()
    assert run.status == ProvisioningRun.Status.SUCCEEDED
    assert [s.status for s in run.steps.all()] == ["done"] * len(STEP_NAMES)
    assert all(s.seconds is not None for s in run.steps.all())
    response = Client(HTTP_HOST="hatert.localhost").get("/")
    assert response.status_code == 200
    assert response.context["buurtsite"].name == "Hatert"


def test_task_on_a_real_worker_finishes_a_committed_run(worker: None, db: None) -> None:
    # Only a closed or missing run is safe to hand to another connection inside a test
    # transaction; the worker answers from the database it sees.
    result = advance_run_task.delay(999_999)

    with pytest.raises(ProvisioningRun.DoesNotExist):
        result.get(timeout=30)


def test_every_step_run_twice_gives_the_same_result(nijmegen: Municipality) -> None:
    run = _order(nijmegen)
    assert _run_to_the_end(run).outcome is actions.Outcome.SUCCEEDED
    buurtsite = Buurtsite.objects.get(slug="hatert")
    before = (describe_schema("hatert"), list(Domain.objects.filter(tenant=buurtsite).values()))

    for step in workflow.STEPS:
        step.run(Buurtsite.objects.get(pk=buurtsite.pk))

    buurtsite.refresh_from_db()
    after = (describe_schema("hatert"), list(Domain.objects.filter(tenant=buurtsite).values()))
    assert after == before
    assert buurtsite.status == Buurtsite.Status.ACTIVE


def test_a_run_another_worker_is_on_is_left_alone(nijmegen: Municipality) -> None:
    run = _order(nijmegen)
    holding, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        # Its own connection, as another worker process would have.
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s, %s)", [actions.LOCK_NAMESPACE, run.pk])
                holding.set()
                release.wait(10)
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", [actions.LOCK_NAMESPACE, run.pk]
                )
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(10)
        outcome = actions.advance_run(run.pk).outcome
    finally:
        release.set()
        thread.join()

    assert outcome is actions.Outcome.BUSY
    assert run.steps.filter(attempts__gt=0).count() == 0


@pytest.mark.parametrize("failing", STEP_NAMES)
def test_a_step_that_keeps_failing_fails_the_run_and_leaves_no_schema(
    nijmegen: Municipality, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def broken(buurtsite: Buurtsite) -> None:
        raise RuntimeError(f"{failing} is broken")

    _replace_step(monkeypatch, failing, broken)
    run = _order(nijmegen)

    result = _run_to_the_end(run)

    assert result.outcome is actions.Outcome.FAILED
    run.refresh_from_db()
    assert run.status == ProvisioningRun.Status.FAILED
    assert f"{failing}: RuntimeError: {failing} is broken" in run.error
    step = run.steps.get(name=failing)
    assert step.status == ProvisioningStep.Status.FAILED
    assert step.attempts == actions.MAX_ATTEMPTS
    assert not schema_exists("hatert")
    assert Buurtsite.objects.get(slug="hatert").status == Buurtsite.Status.PROVISIONING
    assert Client(HTTP_HOST="hatert.localhost").get("/").status_code in {404, 503}


def test_a_step_that_fails_once_is_retried_with_backoff(
    nijmegen: Municipality, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    original = workflow.step_named("attach_platform_subdomain")

    def flaky(buurtsite: Buurtsite) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("DNS did not answer")
        original.run(buurtsite)

    _replace_step(monkeypatch, original.name, flaky)
    run = _order(nijmegen)

    first = actions.advance_run(run.pk)
    while first.outcome is actions.Outcome.STEP_DONE:
        first = actions.advance_run(run.pk)

    assert first.outcome is actions.Outcome.RETRY
    assert first.retry_in == actions.retry_delay(1)
    assert _run_to_the_end(run).outcome is actions.Outcome.SUCCEEDED
    assert run.steps.get(name=original.name).attempts == 2
    assert schema_exists("hatert")


def test_retry_after_failure_starts_a_fresh_run(
    nijmegen: Municipality, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(buurtsite: Buurtsite) -> None:
        raise RuntimeError("broken")

    _replace_step(monkeypatch, "activate", broken)
    run = _order(nijmegen)
    _run_to_the_end(run)
    monkeypatch.undo()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(advance_run_task, "delay_on_commit", lambda *args: None)
        again = actions.retry_run(run)

    assert again.pk != run.pk
    assert _run_to_the_end(again).outcome is actions.Outcome.SUCCEEDED
    assert Buurtsite.objects.get(slug="hatert").status == Buurtsite.Status.ACTIVE


def test_one_open_run_per_buurtsite(nijmegen: Municipality) -> None:
    from django.db import IntegrityError, transaction

    run = _order(nijmegen)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProvisioningRun.objects.create(buurtsite=run.buurtsite)


def test_bad_slugs_are_refused_in_dutch_and_nothing_is_made(nijmegen: Municipality) -> None:
    from django.core.exceptions import ValidationError

    runs_before = ProvisioningRun.objects.count()
    for slug, message in [
        ("www", "gereserveerd"),
        ("oost", "bestaat al"),
        ("-min", "letter"),
        ("Hoofd Letters!", "letter"),
    ]:
        with pytest.raises(ValidationError) as raised:
            _order(nijmegen, slug=slug)
        assert message in " ".join(raised.value.messages), slug
    assert ProvisioningRun.objects.count() == runs_before
