"""Task bases that decide which schema a Celery task runs in, and the fan-out over buurtsites.

Tasks receive ids, never model instances. The schema travels in the message headers
(tenant-schemas-celery) and the worker switches to it before the task body runs.
"""

from __future__ import annotations

import functools
import logging
import time
from typing import Any

from celery import shared_task
from django.core.cache import caches
from django.db import transaction
from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.app import get_schema_name_from_task
from tenant_schemas_celery.task import TenantTask, headers_with_schema

from tenants.connection import tenant_connection
from tenants.selectors import serving_buurtsites

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "celery-heartbeat"
_SCHEMA_HEADER = "_schema_name"


class NoBuurtsiteContextError(RuntimeError):
    """A buurtsite task was enqueued or started outside any buurtsite: refuse, never guess."""


class BuurtsiteTask(TenantTask):
    """A task that runs in the schema of the buurtsite that enqueued it, or not at all."""

    abstract = True

    def apply_async(  # type: ignore[override]
        self, args: Any = None, kwargs: Any = None, **options: Any
    ) -> Any:
        options["headers"] = _buurtsite_headers(options.get("headers"))
        return super().apply_async(args, kwargs, **options)

    def apply_async_on_commit(  # type: ignore[override]
        self, args: Any = None, kwargs: Any = None, **options: Any
    ) -> None:
        # Capture the schema now: by the time the transaction commits it may have changed.
        options["headers"] = _buurtsite_headers(options.get("headers"))
        transaction.on_commit(functools.partial(self.apply_async, args, kwargs, **options))

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.apply_async_on_commit(args, kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # The worker switched schemas in a signal handler, whose errors Celery only logs:
        # check that we really are in the buurtsite the message names before doing anything.
        wanted = get_schema_name_from_task(self, kwargs)
        if (
            not wanted
            or wanted == get_public_schema_name()
            or tenant_connection().schema_name != wanted
        ):
            raise NoBuurtsiteContextError(f"Task {self.name} started without its buurtsite.")
        return super().__call__(*args, **kwargs)


class PlatformTask(TenantTask):
    """A task about the platform as a whole: it always runs in the public schema."""

    abstract = True

    def apply_async(  # type: ignore[override]
        self, args: Any = None, kwargs: Any = None, **options: Any
    ) -> Any:
        options["headers"] = {**(options.get("headers") or {}), _SCHEMA_HEADER: "public"}
        return super().apply_async(args, kwargs, **options)

    def apply_async_on_commit(  # type: ignore[override]
        self, args: Any = None, kwargs: Any = None, **options: Any
    ) -> None:
        transaction.on_commit(functools.partial(self.apply_async, args, kwargs, **options))

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.apply_async_on_commit(args, kwargs)


def _buurtsite_headers(headers: dict[str, Any] | None) -> dict[str, Any]:
    headers = headers_with_schema(headers)
    if headers[_SCHEMA_HEADER] == get_public_schema_name():
        raise NoBuurtsiteContextError("A buurtsite task can only be enqueued inside a buurtsite.")
    return headers


def enqueue_for_each_buurtsite(task: BuurtsiteTask, *args: Any) -> int:
    """Send `task` once to every serving buurtsite, each message carrying its schema."""
    count = 0
    for schema_name in serving_buurtsites().values_list("schema_name", flat=True):
        task.apply_async(args, headers={_SCHEMA_HEADER: schema_name})
        count += 1
    return count


@shared_task(base=PlatformTask, name="tenants.fan_out")
def fan_out(task_name: str, *args: Any) -> int:
    """For Celery beat: run the named buurtsite task in every serving buurtsite."""
    from celery import current_app

    task = current_app.tasks[task_name]
    if not isinstance(task, BuurtsiteTask):
        raise TypeError(f"{task_name} is not a buurtsite task.")
    count = enqueue_for_each_buurtsite(task, *args)
    logger.info("Fanned out over buurtsites", extra={"task": task_name, "buurtsites": count})
    return count


@shared_task(base=PlatformTask, name="tenants.record_heartbeat")
def record_heartbeat() -> float:
    """Beat sends this every minute; the health check reads when a worker last ran it."""
    now = time.time()
    caches["platform"].set(HEARTBEAT_KEY, now, timeout=None)
    return now
