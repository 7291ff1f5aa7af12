"""From a request's host to the buurtsite it serves.

Every request asks, so the answer is kept in process memory. A change to a domain or buurtsite
bumps a version number in the platform cache (Redis); each process compares its copy's version
at most once per `TENANT_HOST_MAP_RECHECK_SECONDS`, and the process that made the change drops
its copy at once.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.core.cache import caches

from tenants.connection import tenant_connection
from tenants.models import Buurtsite, Domain

logger = logging.getLogger(__name__)

_VERSION_KEY = "host-map-version"
# Unknown hosts are remembered too (scanners ask for many); past this size the map starts over.
_MAX_ENTRIES = 20_000


class HostKind(Enum):
    PLATFORM = "platform"
    BUURTSITE = "buurtsite"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ResolvedHost:
    kind: HostKind
    buurtsite: Buurtsite | None = None
    # Set when this host is not the buurtsite's primary domain: requests go there instead.
    redirect_to: str | None = None


PLATFORM = ResolvedHost(HostKind.PLATFORM)
UNKNOWN = ResolvedHost(HostKind.UNKNOWN)


def normalise_host(host: str) -> str:
    """Lower-case host name without port or trailing dot."""
    host = host.strip().lower()
    if host.startswith("["):  # IPv6 literal
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".") if ":" in host else host.rstrip(".")


class HostMap:
    def __init__(self) -> None:
        self._entries: dict[str, ResolvedHost] = {}
        self._version: int | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def resolve(self, host: str) -> ResolvedHost:
        host = normalise_host(host)
        if host == settings.PLATFORM_DOMAIN:
            return PLATFORM

        self._drop_if_stale()
        resolved = self._entries.get(host)
        if resolved is None:
            resolved = _lookup(host)
            with self._lock:
                if len(self._entries) >= _MAX_ENTRIES:
                    self._entries.clear()
                self._entries[host] = resolved
        return resolved

    def forget(self) -> None:
        """Drop this process's copy and tell the other processes to drop theirs."""
        with self._lock:
            self._entries.clear()
            self._version = _bump_shared_version()
            self._checked_at = time.monotonic()

    def _drop_if_stale(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < settings.TENANT_HOST_MAP_RECHECK_SECONDS:
            return
        version = _shared_version()
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            self._checked_at = now


def _lookup(host: str) -> ResolvedHost:
    # The registry lives in public; the connection may still point at the last request's schema.
    tenant_connection().set_schema_to_public()
    # An own domain serves nothing until its owner has proved it over DNS.
    domain = (
        Domain.objects.select_related("tenant__municipality")
        .filter(domain=host, is_verified=True)
        .first()
    )
    if domain is None:
        return UNKNOWN
    if domain.is_primary:
        return ResolvedHost(HostKind.BUURTSITE, domain.tenant)
    primary = (
        Domain.objects.filter(tenant=domain.tenant, is_primary=True, is_verified=True)
        .values_list("domain", flat=True)
        .first()
    )
    return ResolvedHost(HostKind.BUURTSITE, domain.tenant, redirect_to=primary)


def _shared_version() -> int:
    return int(caches["platform"].get_or_set(_VERSION_KEY, 1, timeout=None) or 1)


def _bump_shared_version() -> int:
    cache = caches["platform"]
    cache.add(_VERSION_KEY, 1, timeout=None)
    version = int(cache.incr(_VERSION_KEY))
    logger.debug("Host map invalidated", extra={"host_map_version": version})
    return version


host_map = HostMap()
