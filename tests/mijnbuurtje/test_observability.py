"""Every log record and every Sentry event says which buurtsite it came from."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path
from django_tenants.utils import tenant_context
from sentry_sdk.transport import Transport

from mijnbuurtje.observability import JsonLinesFormatter, SchemaNameFilter
from mijnbuurtje.settings.observability import init_sentry
from tenants.models import Buurtsite


def _logger_into(stream: io.StringIO, formatter: logging.Formatter) -> logging.Logger:
    handler = logging.StreamHandler(stream)
    handler.addFilter(SchemaNameFilter())
    handler.setFormatter(formatter)
    logger = logging.getLogger(f"test.observability.{id(stream)}")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def test_json_lines_carry_schema_message_and_extra(oost: Buurtsite) -> None:
    stream = io.StringIO()
    logger = _logger_into(stream, JsonLinesFormatter())

    with tenant_context(oost):
        logger.info("Match confirmed", extra={"match_id": 7, "note": "Café"})
    logger.info("Heartbeat")

    in_oost, in_public = (json.loads(line) for line in stream.getvalue().splitlines())
    assert in_oost["schema"] == "oost"
    assert in_oost["message"] == "Match confirmed"
    assert in_oost["match_id"] == 7
    assert in_oost["note"] == "Café"  # accents survive, unescaped
    assert in_public["schema"] == "public"


def test_readable_lines_carry_schema_and_extra(lindenholt: Buurtsite) -> None:
    stream = io.StringIO()
    logger = _logger_into(
        stream, logging.Formatter("[%(schema_name)s] %(message)s%(extra_fields)s")
    )

    with tenant_context(lindenholt):
        logger.info("Digest sent", extra={"member_id": 3})

    assert stream.getvalue().strip() == "[lindenholt] Digest sent member_id=3"


class _RecordingTransport(Transport):
    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        self.events: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Any) -> None:
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def sentry_events() -> Iterator[list[dict[str, Any]]]:
    """Sentry initialised the way settings do it, sending into a list instead of the network."""
    transport = _RecordingTransport()
    init_sentry(dsn="https://key@sentry.invalid/1", environment="test")
    sentry_sdk.get_client().transport = transport
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.init(dsn=None)


def test_sentry_events_are_tagged_with_the_buurtsite(
    sentry_events: list[dict[str, Any]], oost: Buurtsite
) -> None:
    with tenant_context(oost):
        sentry_sdk.capture_message("Something went wrong in Oost")
    sentry_sdk.capture_message("Something went wrong on the platform")

    tags = [event["tags"]["buurtsite"] for event in sentry_events]
    assert tags == ["oost", "platform"]


def _failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A bug in a buurtsite page")


urlpatterns = [path("stuk/", _failing_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_request_errors_reach_sentry_with_the_buurtsite_of_the_host(
    sentry_events: list[dict[str, Any]], db: None
) -> None:
    response = Client(HTTP_HOST="lindenholt.localhost", raise_request_exception=False).get("/stuk/")

    assert response.status_code == 500
    assert [event["tags"]["buurtsite"] for event in sentry_events] == ["lindenholt"]
    assert sentry_events[0]["exception"]["values"][0]["value"] == "A bug in a buurtsite page"
