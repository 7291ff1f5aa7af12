"""The weekly digest's tasks: beat fans `send_weekly` out over every buurtsite, which splits
the buurtsite's subscribers into batches, each its own task."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.utils import timezone

from digest.actions import send_digest_batch
from digest.selectors import subscriber_ids, week_of
from tenants.tasks import BuurtsiteTask

logger = logging.getLogger(__name__)

BATCH_SIZE = 100


@shared_task(base=BuurtsiteTask, name="digest.send_weekly")
def send_weekly(week: str = "") -> int:
    """Enqueue one batch task per BATCH_SIZE subscribers; return the number of batches."""
    week = week or week_of(timezone.now()).isoformat()
    ids = subscriber_ids()
    batches = [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]
    for batch in batches:
        send_batch.delay(week, batch)
    logger.info("Digest batches enqueued", extra={"week": week, "batches": len(batches)})
    return len(batches)


@shared_task(base=BuurtsiteTask, name="digest.send_batch")
def send_batch(week: str, member_ids: list[int]) -> int:
    """Safe to run again: members whose digest of `week` was sent are skipped."""
    return send_digest_batch(member_ids, week=date.fromisoformat(week))
