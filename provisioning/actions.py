"""Provisioning runs: start them, advance them step by step, fail, retry and resume them.

Every step runs in its own transaction under a PostgreSQL advisory lock on the run, so two
workers (a redelivered message and a resumed one) never run a step at the same time, and a step
that fails leaves nothing behind: its transaction is rolled back, a schema included.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from django.db import connection, transaction
from django.utils import timezone

from provisioning import schemas, workflow
from provisioning.models import ProvisioningRun, ProvisioningStep
from tenants.actions import register_buurtsite
from tenants.models import Buurtsite, Municipality

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
# A namespace for pg_try_advisory_xact_lock(namespace, run id).
LOCK_NAMESPACE = 4711


class Outcome(Enum):
    STEP_DONE = "step_done"
    SUCCEEDED = "succeeded"
    RETRY = "retry"
    FAILED = "failed"
    BUSY = "busy"
    CLOSED = "closed"


@dataclass(frozen=True)
class Advance:
    outcome: Outcome
    retry_in: float | None = None


class StepError(Exception):
    """A step failed; the run is retried later or marked failed."""


@transaction.atomic
def start_provisioning(buurtsite: Buurtsite) -> ProvisioningRun:
    """Open a run with every step pending; the worker picks it up after commit."""
    from provisioning.tasks import advance_run

    run = _open_run(buurtsite)
    advance_run.delay_on_commit(run.pk)
    logger.info("Provisioning run started", extra={"run_id": run.pk, "buurtsite_id": buurtsite.pk})
    return run


def _open_run(buurtsite: Buurtsite) -> ProvisioningRun:
    run = ProvisioningRun.objects.create(buurtsite=buurtsite)
    ProvisioningStep.objects.bulk_create(
        ProvisioningStep(run=run, position=position, name=step.name)
        for position, step in enumerate(workflow.STEPS, start=1)
    )
    return run


def order_buurtsite(municipality: Municipality, *, name: str, slug: str) -> ProvisioningRun:
    """Register a buurtsite and start provisioning it in the background."""
    with transaction.atomic():
        buurtsite = register_buurtsite(municipality, name=name, slug=slug)
        return start_provisioning(buurtsite)


def provision_buurtsite_now(municipality: Municipality, *, name: str, slug: str) -> Buurtsite:
    """Register and provision a buurtsite in this process, for commands and the demo."""
    with transaction.atomic():
        buurtsite = register_buurtsite(municipality, name=name, slug=slug)
        run = _open_run(buurtsite)
    result = advance_run(run.pk)
    while result.outcome in {Outcome.STEP_DONE, Outcome.RETRY}:
        if result.retry_in:
            time.sleep(min(result.retry_in, 2.0))
        result = advance_run(run.pk)
    if result.outcome is not Outcome.SUCCEEDED:
        run.refresh_from_db()
        raise StepError(run.error or result.outcome.value)
    buurtsite.refresh_from_db()
    return buurtsite


def advance_run(run_id: int) -> Advance:
    """Run the next pending step of the run, if no other worker is running it right now."""
    step = _claim_next_step(run_id)
    if isinstance(step, Advance):
        return step

    try:
        with transaction.atomic():
            if not _lock_run(run_id):
                return Advance(Outcome.BUSY)
            fresh = ProvisioningStep.objects.select_related("run__buurtsite").get(pk=step.pk)
            if fresh.status == ProvisioningStep.Status.DONE:  # another worker finished it
                return Advance(Outcome.STEP_DONE)
            workflow.step_named(fresh.name).run(fresh.run.buurtsite)
            fresh.status = ProvisioningStep.Status.DONE
            fresh.error = ""
            fresh.finished_at = timezone.now()
            fresh.save(update_fields=["status", "error", "finished_at"])
    except Exception as error:
        return _step_failed(run_id, step.pk, error)

    logger.info("Provisioning step done", extra={"run_id": run_id, "step": step.name})
    return Advance(Outcome.STEP_DONE)


def _lock_run(run_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, run_id])
        return bool(cursor.fetchone()[0])


def _claim_next_step(run_id: int) -> ProvisioningStep | Advance:
    with transaction.atomic():
        if not _lock_run(run_id):
            return Advance(Outcome.BUSY)
        run = ProvisioningRun.objects.select_for_update().get(pk=run_id)
        if not run.is_open:
            return Advance(Outcome.CLOSED)
        step = run.steps.exclude(status=ProvisioningStep.Status.DONE).order_by("position").first()
        now = timezone.now()
        if step is None:
            run.status = ProvisioningRun.Status.SUCCEEDED
            run.finished_at = run.heartbeat_at = now
            run.save(update_fields=["status", "finished_at", "heartbeat_at"])
            logger.info("Provisioning run succeeded", extra={"run_id": run.pk})
            return Advance(Outcome.SUCCEEDED)
        if run.status == ProvisioningRun.Status.PENDING:
            run.status = ProvisioningRun.Status.RUNNING
            run.started_at = now
        run.heartbeat_at = now
        run.save(update_fields=["status", "started_at", "heartbeat_at"])
        step.status = ProvisioningStep.Status.RUNNING
        step.attempts += 1
        step.started_at = step.started_at or now
        step.save(update_fields=["status", "attempts", "started_at"])
        return step


def _step_failed(run_id: int, step_id: int, error: Exception) -> Advance:
    reason = f"{type(error).__name__}: {error}"
    with transaction.atomic():
        step = ProvisioningStep.objects.select_for_update().select_related("run").get(pk=step_id)
        step.error = "".join(traceback.format_exception_only(error)).strip()[:2000]
        if step.attempts < MAX_ATTEMPTS:
            step.status = ProvisioningStep.Status.PENDING
            step.save(update_fields=["status", "error"])
            logger.warning(
                "Provisioning step failed, will retry",
                extra={"run_id": run_id, "step": step.name, "attempt": step.attempts},
            )
            return Advance(Outcome.RETRY, retry_in=retry_delay(step.attempts))
        step.status = ProvisioningStep.Status.FAILED
        step.finished_at = timezone.now()
        step.save(update_fields=["status", "error", "finished_at"])
    fail_run(step.run, reason=f"{step.name}: {reason}")
    return Advance(Outcome.FAILED)


def retry_delay(attempt: int) -> float:
    """Exponential backoff: 2, 4, 8 ... seconds, at most five minutes."""
    return float(min(2**attempt, 300))


def fail_run(run: ProvisioningRun, *, reason: str) -> None:
    """Mark the run failed and take back what it made of a buurtsite that never opened."""
    with transaction.atomic():
        run = ProvisioningRun.objects.select_for_update().select_related("buurtsite").get(pk=run.pk)
        run.status = ProvisioningRun.Status.FAILED
        run.error = reason[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        if run.buurtsite.status == Buurtsite.Status.PROVISIONING:
            schemas.drop_schema(run.buurtsite.schema_name)
            run.steps.filter(status=ProvisioningStep.Status.DONE).update(
                status=ProvisioningStep.Status.PENDING
            )
    logger.error("Provisioning run failed", extra={"run_id": run.pk, "step_error": reason[:200]})


@transaction.atomic
def retry_run(run: ProvisioningRun) -> ProvisioningRun:
    """The console's retry button: a fresh run for the same buurtsite."""
    run = ProvisioningRun.objects.select_for_update().get(pk=run.pk)
    if run.is_open:
        return run
    return start_provisioning(run.buurtsite)


def resume_stalled_runs(*, stale_after: timedelta) -> list[int]:
    """Runs whose worker went quiet (killed, restarted) are sent to a worker again."""
    from provisioning.tasks import advance_run as advance_run_task

    cutoff = timezone.now() - stale_after
    stalled = list(
        ProvisioningRun.objects.filter(
            status__in=[ProvisioningRun.Status.PENDING, ProvisioningRun.Status.RUNNING]
        )
        .filter(heartbeat_at__lt=cutoff)
        .values_list("pk", flat=True)
    ) + list(
        ProvisioningRun.objects.filter(
            status=ProvisioningRun.Status.PENDING, heartbeat_at__isnull=True, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for run_id in stalled:
        advance_run_task.delay(run_id)
        logger.warning("Stalled provisioning run resumed", extra={"run_id": run_id})
    return stalled


def check_own_domains() -> int:
    """Verify every waiting own domain; one that fails to check does not stop the others."""
    from provisioning import domains

    return domains.verify_domains(domains.domains_to_check())
