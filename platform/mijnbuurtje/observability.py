"""What an operator sees of a run: log records and Sentry events, each with its buurtsite."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db import connection

if TYPE_CHECKING:
    from sentry_sdk.types import Event

# Attributes every LogRecord has, and Django's request object (its repr is noise, and may
# carry personal data); anything else on a record came in through `extra`.
_STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "schema_name", "extra_fields", "taskName", "request"}
)


def current_schema_name() -> str:
    return getattr(connection, "schema_name", "public") or "public"


def _extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRIBUTES}


class SchemaNameFilter(logging.Filter):
    """Adds the schema of the current connection, and the `extra` fields in readable form."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.schema_name = current_schema_name()
        extra = _extra_fields(record)
        record.extra_fields = (
            " " + " ".join(f"{k}={v}" for k, v in sorted(extra.items())) if extra else ""
        )
        return True


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line, with the constant message and the `extra` fields beside it."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "schema": getattr(record, "schema_name", current_schema_name()),
            "message": record.getMessage(),
            **_extra_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def tag_event_with_buurtsite(event: Event, hint: dict[str, Any]) -> Event:
    """Sentry `before_send`: every event names the buurtsite (its schema) it happened in."""
    schema = current_schema_name()
    event.setdefault("tags", {})
    event["tags"].setdefault("buurtsite", "platform" if schema == "public" else schema)
    return event
