"""Publishing sends the build to a real Celery worker, which makes the new theme live."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client

from tenants.models import Buurtsite
from tests.browser.conftest import committed
from tests.conftest import LINDENHOLT_HOST
from tests.themes.conftest import themes_restored_afterwards
from themes import storage
from themes.actions import apply_theme_preset, publish_theme
from themes.models import Theme, ThemeBuild
from themes.permissions import Editor
from themes.tasks import build_theme

WAIT = 30


def _wait_for(build_id: int) -> ThemeBuild:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        build = committed(lambda: ThemeBuild.objects.get(pk=build_id))
        if build.status != ThemeBuild.Status.PENDING:
            return build
        time.sleep(0.1)
    raise AssertionError("The build did not finish in time.")


def test_published_theme_is_built_by_the_worker_and_goes_live(
    worker: None, own_theme_files: None, lindenholt: Buurtsite
) -> None:
    with themes_restored_afterwards():

        def publish() -> int:
            site = Buurtsite.objects.get(slug="lindenholt")
            apply_theme_preset(site, editor=Editor("operator", 1), preset_key="avond")
            # Enqueued when this transaction commits, by the task base, from public.
            return publish_theme(site, editor=Editor("operator", 1)).pk

        build_id = committed(publish)
        build = _wait_for(build_id)

        assert build.status == ThemeBuild.Status.READY
        theme = committed(lambda: Theme.objects.get(buurtsite__slug="lindenholt"))
        assert theme.live_build_id == build_id
        assert storage.build_is_complete("lindenholt", build_id, list(build.files.values()))
        page = Client(HTTP_HOST=LINDENHOLT_HOST).get("/").content.decode()
        assert f"/thema/bestanden/{build_id}/{build.files['stylesheet']}" in page


def test_build_task_received_twice_builds_once(
    worker: None, own_theme_files: None, oost: Buurtsite
) -> None:
    with themes_restored_afterwards():
        build_id = committed(
            lambda: (
                publish_theme(Buurtsite.objects.get(slug="oost"), editor=Editor("operator", 1)).pk
            )
        )
        first = _wait_for(build_id)

        again: Any = build_theme.delay(build_id)

        assert again.get(timeout=WAIT) == ThemeBuild.Status.READY
        second = committed(lambda: ThemeBuild.objects.get(pk=build_id))
        assert (second.built_at, second.files) == (first.built_at, first.files)
