"""The theme build, on the worker. Themes live in the public schema, so it is a platform task."""

from __future__ import annotations

import logging

from celery import shared_task

from tenants.tasks import PlatformTask
from themes.actions import resend_stalled_builds, run_theme_build
from themes.models import ThemeBuild

logger = logging.getLogger(__name__)


@shared_task(base=PlatformTask, name="themes.build_theme")
def build_theme(build_id: int) -> str:
    """Build a published theme; safe to receive twice. Returns the build's status."""
    try:
        return str(run_theme_build(build_id).status)
    except ThemeBuild.DoesNotExist:
        # Its buurtsite was deleted meanwhile: nothing left to build.
        logger.info("Theme build gone before it ran", extra={"build_id": build_id})
        return "gone"


@shared_task(base=PlatformTask, name="themes.resend_stalled_builds")
def resend_stalled() -> int:
    """For Celery beat: builds whose message was lost are sent again."""
    return len(resend_stalled_builds())
