"""Closing polls and consultations at their deadline, in each buurtsite's schema."""

from __future__ import annotations

from celery import shared_task

from participation.actions import close_due_participations
from tenants.tasks import BuurtsiteTask


@shared_task(base=BuurtsiteTask, name="participation.close_due")
def close_due() -> int:
    """Beat fans this out over every buurtsite. Running it twice closes nothing twice; votes
    after the deadline are refused at read time even before it has run."""
    return close_due_participations()
