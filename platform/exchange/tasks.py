"""Periodic work on requests and offers, per buurtsite (beat fans it out)."""

from __future__ import annotations

import logging

from celery import shared_task

from exchange.actions import remind_and_close_posts
from tenants.tasks import BuurtsiteTask

logger = logging.getLogger(__name__)


@shared_task(base=BuurtsiteTask, name="exchange.remind_and_close_posts")
def remind_and_close_posts_task() -> dict[str, int]:
    """Remind authors before their post closes; close expired posts and ask about help.

    Idempotent: each post records when it was reminded and asked, in the same transaction as
    the notice, so a repeated run (a worker that died, a second beat) sends nothing twice.
    """
    run = remind_and_close_posts()
    return {"reminded": run.reminded, "closed": run.closed}
