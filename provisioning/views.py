"""Platform-host endpoints of provisioning."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.views.decorators.http import require_GET

from provisioning.domains import certificate_allowed


@require_GET
def certificate_ask(request: HttpRequest) -> HttpResponse:
    """Caddy's on-demand TLS `ask`: may a certificate be requested for ?domain=<host>?"""
    if certificate_allowed(request.GET.get("domain", "")):
        return HttpResponse("ok", content_type="text/plain")
    return HttpResponseNotFound("no", content_type="text/plain")
