"""Logging and Sentry configuration, built from values the settings module read."""

from __future__ import annotations

from typing import Any


def logging_config(*, json_lines: bool, level: str) -> dict[str, Any]:
    """Every record carries the schema it was written in; JSON lines in production."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"schema": {"()": "mijnbuurtje.observability.SchemaNameFilter"}},
        "formatters": {
            "json": {"()": "mijnbuurtje.observability.JsonLinesFormatter"},
            "readable": {
                "format": "%(asctime)s %(levelname)-7s [%(schema_name)s] %(name)s: %(message)s"
                "%(extra_fields)s",
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["schema"],
                "formatter": "json" if json_lines else "readable",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            "celery": {"level": "INFO"},
        },
    }


def init_sentry(*, dsn: str, environment: str) -> None:
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.redis import RedisIntegration

    from mijnbuurtje.observability import tag_event_with_buurtsite

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration(), RedisIntegration()],
        before_send=tag_event_with_buurtsite,
        traces_sample_rate=0.0,
    )
