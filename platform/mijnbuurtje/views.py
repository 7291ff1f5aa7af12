"""Pages of the project itself: the buurtsite and platform home pages, health and robots."""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from exchange.selectors import match_count, newest_open_posts
from members.permissions import is_member
from tenants.selectors import serving_buurtsites_with_primary_host
from tenants.tasks import HEARTBEAT_KEY

logger = logging.getLogger(__name__)

# Beat sends a heartbeat every minute; three missed ones mean the worker or beat is down.
HEARTBEAT_STALE_SECONDS = 180


@require_GET
def buurtsite_home(request: HttpRequest) -> HttpResponse:
    context = {
        "match_count": match_count(),
        "newest_posts": newest_open_posts() if is_member(request.user) else [],
    }
    return render(request, "mijnbuurtje/buurtsite_home.html", context)


@require_GET
def platform_home(request: HttpRequest) -> HttpResponse:
    port = request.get_port()
    suffix = "" if port in {"80", "443"} else f":{port}"
    buurtsites = [
        {
            "name": site.name,
            "municipality": site.municipality.name,
            "url": f"{request.scheme}://{site.primary_host}{suffix}/",
        }
        for site in serving_buurtsites_with_primary_host()
    ]
    return render(request, "mijnbuurtje/platform_home.html", {"buurtsites": buurtsites})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse("User-agent: *\nDisallow: /account/\n", content_type="text/plain")


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and operators: database, Redis and the background worker."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # any failure means "not ok"
        logger.exception("Health check: database unreachable")
        checks["database"] = "error"
    try:
        heartbeat = caches["platform"].get(HEARTBEAT_KEY)
        checks["redis"] = "ok"
        fresh = heartbeat is not None and time.time() - float(heartbeat) < HEARTBEAT_STALE_SECONDS
        checks["worker"] = "ok" if fresh else "stale"
    except Exception:
        logger.exception("Health check: Redis unreachable")
        checks["redis"] = "error"
        checks["worker"] = "unknown"
    # The web process can serve without a worker; only the stores decide the status code.
    healthy = checks["database"] == "ok" and checks["redis"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
