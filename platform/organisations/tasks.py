from __future__ import annotations

from celery import shared_task

from organisations import actions
from tenants.tasks import PlatformTask


@shared_task(base=PlatformTask, name="organisations.send_freshness_reminders")
def send_freshness_reminders() -> int:
    """Beat: remind admins of services nobody confirmed for six months. Idempotent: each
    service is claimed before its e-mail is queued, at most once per reminder period."""
    return actions.send_freshness_reminders()
