"""What tenant resolution costs a request, with 10 and with 1,000 registered domains.

`make bench` runs this module. It sends a trivial page (`/robots.txt`, no database query)
through the real WSGI handler and the full middleware stack, without a network, and compares
the requests per second with `BuurtsiteMiddleware` against the same stack in which that
middleware is replaced by what a single-tenant deployment would do: switch to one buurtsite
fetched once.

The two handlers take turns request by request, and each request is timed on its own. The
rates come from the median request time of each round: on a shared machine some requests wait
for the CPU, and the median leaves those out while every request still counts in the order.
(Rounds of thousands of requests timed as one block, taking turns round by round, differed by
ten points and more on a loaded machine; rounds of requests taking turns agree within a point
or two.)

Everything happens in a database of its own (`mijnbuurtje_bench`, created and dropped on the
same server) and under a Redis key prefix of its own, so neither development nor test data is
touched, and a test run's host-map invalidations do not reach the measured process. The extra
domains point at registry rows without a schema: resolution reads only the registry, and the
measured requests all go to the one buurtsite whose schema exists.

A benchmark reports; it does not fail the build. The exit status is 0 unless something crashes.
"""

from __future__ import annotations

import gc
import io
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.benchmarks.support import bench_django

if TYPE_CHECKING:
    from django.core.handlers.wsgi import WSGIHandler
    from django.http import HttpRequest, HttpResponse

    from tenants.models import Municipality

BENCH_DATABASE = "mijnbuurtje_bench"
BENCH_SLUG = "bench"
PATH = "/robots.txt"

DOMAIN_COUNTS = (10, 1_000)
WARMUP_REQUESTS = 500
REQUESTS_PER_ROUND = 3_000
ROUNDS = 7

GOAL_OVERHEAD_PERCENT = 5.0
# Two medians of a noisy machine never agree exactly; "no growth" allows this much.
GROWTH_TOLERANCE_POINTS = 1.0


class SingleTenantMiddleware:
    """The baseline: what a deployment serving one buurtsite would do instead of resolving."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from tenants.models import Buurtsite

        self.get_response = get_response
        self.buurtsite = Buurtsite.objects.select_related("municipality").get(slug=BENCH_SLUG)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.db import connection

        connection.set_tenant(self.buurtsite)
        request.tenant = request.buurtsite = self.buurtsite  # type: ignore[attr-defined]
        return self.get_response(request)


def _handlers() -> tuple[WSGIHandler, WSGIHandler]:
    """(baseline, tenant): the same stack, loaded once each (middleware loads at construction)."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    tenant_middleware = "tenants.middleware.BuurtsiteMiddleware"
    baseline_middleware = f"{SingleTenantMiddleware.__module__}.{SingleTenantMiddleware.__name__}"
    middleware = [
        baseline_middleware if name == tenant_middleware else name for name in settings.MIDDLEWARE
    ]
    assert middleware != settings.MIDDLEWARE, f"{tenant_middleware} is not in MIDDLEWARE"
    with override_settings(MIDDLEWARE=middleware):
        baseline = WSGIHandler()
    return baseline, WSGIHandler()


def _environ(host: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": PATH,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def _ignore_start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
    return None


def _request(handler: WSGIHandler, host: str) -> None:
    """One checked request: the page must really be served, or the figures mean nothing."""
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        statuses.append(status)

    response = handler(_environ(host), start_response)
    body = b"".join(response)
    response.close()  # fires request_finished, as a WSGI server makes it
    assert statuses == ["200 OK"], f"{host}{PATH} answered {statuses}"
    assert body.startswith(b"User-agent:"), f"{host}{PATH} answered {body[:60]!r}"


def _request_times(
    baseline: WSGIHandler, tenant: WSGIHandler, host: str, count: int
) -> tuple[list[int], list[int]]:
    """Nanoseconds per request of each handler, `count` each, taking turns.

    Nothing in the timed part but what a WSGI server does: call, consume the body, close.
    Which handler goes first alternates, so neither always follows the other.
    """
    environs = [_environ(host) for _ in range(2 * count)]
    times: dict[WSGIHandler, list[int]] = {baseline: [], tenant: []}
    clock = time.perf_counter_ns
    gc.collect()
    for number, environ in enumerate(environs):
        handler = baseline if (number + number // 2) % 2 == 0 else tenant
        start = clock()
        response = handler(environ, _ignore_start)
        for _chunk in response:
            pass
        response.close()
        times[handler].append(clock() - start)
    return times[baseline], times[tenant]


def _register_domains(municipality: Municipality, *, start: int, count: int) -> None:
    """Registry rows only: active buurtsites without a schema, each with its platform host."""
    from tenants.actions import platform_host_for
    from tenants.models import Buurtsite, Domain

    sites = Buurtsite.objects.bulk_create(
        Buurtsite(
            municipality=municipality,
            name=f"Extra {number:04d}",
            slug=f"extra-{number:04d}",
            schema_name=f"extra_{number:04d}",
            status=Buurtsite.Status.ACTIVE,
        )
        for number in range(start, start + count)
    )
    Domain.objects.bulk_create(
        Domain(
            tenant=site,
            domain=platform_host_for(site.slug),
            kind=Domain.Kind.PLATFORM,
            is_verified=True,
            is_primary=True,
        )
        for site in sites
    )


@dataclass(frozen=True)
class Result:
    domains: int
    baseline: float
    tenant: float
    # The lowest and highest overhead of a single round.
    overhead_range: tuple[float, float]

    @property
    def overhead_percent(self) -> float:
        return (1 - self.tenant / self.baseline) * 100

    @property
    def added_microseconds(self) -> float:
        return (1 / self.tenant - 1 / self.baseline) * 1e6


def _first_lookups(tenant_handler: WSGIHandler, bench_host: str) -> tuple[float, float]:
    """Milliseconds for the first request after the map was dropped, and for a lookup alone."""
    from django.db import connection

    from tenants.models import Domain
    from tenants.resolution import host_map

    # One request first, so that what is timed is the lookup, not the stack's first-use costs
    # (URL resolvers, lazy imports). Connections last one request under DJANGO_ENV=test.
    _request(tenant_handler, bench_host)
    host_map.forget()
    start = time.perf_counter()
    _request(tenant_handler, bench_host)
    first_request = (time.perf_counter() - start) * 1000

    # The lookup alone, on an open connection: the median over the hosts not yet seen.
    connection.ensure_connection()
    lookups = []
    for other_host in Domain.objects.exclude(domain=bench_host).values_list("domain", flat=True):
        start = time.perf_counter()
        host_map.resolve(other_host)
        lookups.append((time.perf_counter() - start) * 1000)
    return first_request, statistics.median(lookups)


def _measure(domains: int, baseline: WSGIHandler, tenant: WSGIHandler, host: str) -> Result:
    from tenants.models import Domain
    from tenants.resolution import host_map

    # Start from an empty map, then let this process learn every registered host, as a
    # long-running worker serving all of them would have: the map holds `domains` entries.
    host_map.forget()
    for registered in Domain.objects.values_list("domain", flat=True):
        host_map.resolve(registered)
    for handler in (baseline, tenant):
        _request(handler, host)
    _request_times(baseline, tenant, host, WARMUP_REQUESTS)

    rates: dict[str, list[float]] = {"baseline": [], "tenant": []}
    overheads: list[float] = []
    for _round in range(ROUNDS):
        baseline_times, tenant_times = _request_times(baseline, tenant, host, REQUESTS_PER_ROUND)
        rates["baseline"].append(1e9 / statistics.median(baseline_times))
        rates["tenant"].append(1e9 / statistics.median(tenant_times))
        overheads.append((1 - rates["tenant"][-1] / rates["baseline"][-1]) * 100)

    return Result(
        domains=domains,
        baseline=statistics.median(rates["baseline"]),
        tenant=statistics.median(rates["tenant"]),
        overhead_range=(min(overheads), max(overheads)),
    )


def _report(results: list[Result], first_request_ms: float, lookup_ms: float) -> None:
    print()
    print(
        f"GET {PATH} through the full middleware stack; median of {ROUNDS} rounds, each of "
        f"{REQUESTS_PER_ROUND:,} requests per side taking turns"
    )
    print()
    print("domains  baseline req/s  tenant req/s  overhead  (rounds)       added/request")
    for r in results:
        low, high = r.overhead_range
        spread = f"({low:.1f} .. {high:.1f})"
        print(
            f"{r.domains:>7}  {r.baseline:>14,.1f}  {r.tenant:>12,.1f}  "
            f"{r.overhead_percent:>6.1f} %  {spread:<15}{r.added_microseconds:>7.1f} µs"
        )
    print()
    print(
        f"first request after the host map was dropped: {first_request_ms:.2f} ms "
        "(includes opening a database connection)"
    )
    print(f"uncached lookup of a host on an open connection (median): {lookup_ms:.2f} ms")
    print()

    print(
        f"goal: overhead < {GOAL_OVERHEAD_PERCENT:g} % and no growth from "
        f"{DOMAIN_COUNTS[0]:,} to {DOMAIN_COUNTS[-1]:,} domains"
    )
    worst = max(r.overhead_percent for r in results)
    verdict = "PASS" if worst < GOAL_OVERHEAD_PERCENT else "MISS"
    print(f"{verdict}  overhead < {GOAL_OVERHEAD_PERCENT:g} % (worst {worst:.1f} %)")
    growth = results[-1].overhead_percent - results[0].overhead_percent
    verdict = "PASS" if growth <= GROWTH_TOLERANCE_POINTS else "MISS"
    print(
        f"{verdict}  no growth with domains ({growth:+.1f} points, "
        f"tolerance {GROWTH_TOLERANCE_POINTS:g})"
    )


def main() -> None:
    started = time.perf_counter()
    with bench_django(BENCH_DATABASE):
        from provisioning.actions import provision_buurtsite_now
        from tenants.actions import create_municipality, platform_host_for

        print(f"Prepared database {BENCH_DATABASE} (shared migrations); one buurtsite schema")
        municipality = create_municipality(name="Benchmarkstad", cbs_code="GM9999")
        provision_buurtsite_now(municipality, name="Bench", slug=BENCH_SLUG)
        host = platform_host_for(BENCH_SLUG)

        baseline, tenant = _handlers()
        results: list[Result] = []
        registered = 1  # the bench buurtsite's own host
        first_request_ms = lookup_ms = 0.0
        for domains in DOMAIN_COUNTS:
            _register_domains(municipality, start=registered, count=domains - registered)
            registered = domains
            if not results:
                first_request_ms, lookup_ms = _first_lookups(tenant, host)
            print(f"Measuring with {domains:,} registered domains")
            results.append(_measure(domains, baseline, tenant, host))

        _report(results, first_request_ms, lookup_ms)
    print(f"\nrun time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
