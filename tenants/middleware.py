"""Select the buurtsite (and its schema) for each request from the host name."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string
from django.urls import set_urlconf
from django.utils import translation

from tenants.connection import tenant_connection
from tenants.resolution import HostKind, host_map

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BuurtsiteMiddleware:
    """First in the stack: nothing runs before the right schema is chosen.

    - the platform domain serves the public schema and the platform's URLs;
    - a known host of an active buurtsite serves that buurtsite's schema;
    - an archived buurtsite, or one on hold for an unpaid invoice, can be read, and answers any
      change with a friendly 403;
    - a suspended, deleted or not yet active buurtsite gets a friendly 503;
    - a host that is not the buurtsite's primary domain redirects to it;
    - any other host gets a plain 404: never another buurtsite, never the platform.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        connection = tenant_connection()
        request.buurtsite = None  # type: ignore[attr-defined]
        resolved = host_map.resolve(request.META.get("HTTP_HOST", ""))

        buurtsite = resolved.buurtsite
        if resolved.kind is HostKind.BUURTSITE and buurtsite is not None and buurtsite.is_serving:
            if resolved.redirect_to:
                return _to_primary_domain(request, resolved.redirect_to)
            if buurtsite.is_read_only and request.method not in SAFE_METHODS:
                return _read_only(buurtsite.name, on_hold=buurtsite.is_on_hold)
            # The hot path: one schema switch, straight to the buurtsite.
            connection.set_tenant(buurtsite)
            request.tenant = buurtsite  # type: ignore[attr-defined]
            request.buurtsite = buurtsite  # type: ignore[attr-defined]
            return self.get_response(request)

        connection.set_schema_to_public()
        if resolved.kind is HostKind.PLATFORM:
            request.tenant = connection.tenant  # type: ignore[attr-defined]
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF  # type: ignore[attr-defined]
            set_urlconf(request.urlconf)  # type: ignore[attr-defined]
            return self.get_response(request)
        if buurtsite is not None:
            return _unavailable(buurtsite.name)
        return HttpResponseNotFound(
            render_to_string("tenants/unknown_host.html"), content_type="text/html"
        )


def _to_primary_domain(request: HttpRequest, host: str) -> HttpResponse:
    url = f"{request.scheme}://{host}{request.get_full_path()}"
    # 308 keeps the method and body of a form that was sent to the old address.
    status = 301 if request.method in SAFE_METHODS else 308
    response = HttpResponse(status=status)
    response["Location"] = url
    return response


def _read_only(name: str, *, on_hold: bool = False) -> HttpResponse:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("tenants/read_only.html", {"name": name, "on_hold": on_hold})
    return HttpResponse(body, status=403)


def _unavailable(name: str) -> HttpResponse:
    # The locale middleware has not run yet: answer in Dutch, the buurtsites' language.
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("tenants/unavailable.html", {"name": name}, request=None)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "3600"
    # An operator closed this buurtsite on purpose: that is no server error for Sentry.
    response._has_been_logged = True  # type: ignore[attr-defined]
    logger.info("Request to unavailable buurtsite", extra={"status": 503})
    return response
