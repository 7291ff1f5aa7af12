from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import shared_task

from provisioning import actions
from tenants.tasks import PlatformTask

STALE_AFTER = timedelta(minutes=5)


@shared_task(base=PlatformTask, bind=True, name="provisioning.advance_run")
def advance_run(self: Any, run_id: int) -> str:
    """Run the run's steps one after another; retry a failing step later with backoff."""
    result = actions.advance_run(run_id)
    while result.outcome is actions.Outcome.STEP_DONE:
        result = actions.advance_run(run_id)
    if result.outcome is actions.Outcome.RETRY:
        # Attempts are counted on the step, not by Celery, so they survive a lost worker.
        raise self.retry(countdown=result.retry_in, max_retries=None)
    return str(result.outcome.value)


@shared_task(base=PlatformTask, name="provisioning.resume_stalled_runs")
def resume_stalled_runs() -> list[int]:
    return actions.resume_stalled_runs(stale_after=STALE_AFTER)


@shared_task(base=PlatformTask, name="provisioning.check_own_domains")
def check_own_domains() -> int:
    """Beat: ask DNS again for every own domain still waiting to be verified."""
    return actions.check_own_domains()


@shared_task(base=PlatformTask, name="provisioning.export_buurtsite")
def export_buurtsite(buurtsite_id: int) -> int:
    """Write a full export; the console lists it when done. Returns the export's id."""
    from provisioning import lifecycle
    from tenants.models import Buurtsite

    export = lifecycle.export_buurtsite(
        Buurtsite.objects.select_related("municipality").get(pk=buurtsite_id)
    )
    return int(export.pk)
