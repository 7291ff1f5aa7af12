"""How fast a buurtsite comes to life.

- a schema from the recorded template against one made by running the migrations, each the
  median of 10, with few and with 100 other buurtsite schemas in the database (PostgreSQL's
  catalog grows with every schema);
- from an approved order to the buurtsite answering on its host: every provisioning step in
  this process, then a request through the full middleware stack; median of 10.

Goals (issue #3): schema from the template under 1 s; answering within 5 s.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from tests.benchmarks.support import bench_django

DATABASE = "mijnbuurtje_bench_provisioning"
RUNS = 10
OTHER_SCHEMAS = 100
GOAL_TEMPLATE_S = 1.0
GOAL_ANSWERING_S = 5.0


def _timed(work: Callable[[int], None], runs: int = RUNS) -> list[float]:
    seconds = []
    for index in range(runs):
        started = time.perf_counter()
        work(index)
        seconds.append(time.perf_counter() - started)
    return seconds


def _by_migrations(name: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{name}"')
    call_command("migrate_schemas", schema_name=name, tenant=True, interactive=False, verbosity=0)
    connection.set_schema_to_public()


def _answering(municipality: object, index: int) -> None:
    from django.db import connection
    from django.test import Client

    from provisioning.actions import provision_buurtsite_now

    slug = f"besteld-{index}"
    provision_buurtsite_now(municipality, name=f"Besteld {index}", slug=slug)  # type: ignore[arg-type]
    response = Client(HTTP_HOST=f"{slug}.localhost").get("/")
    connection.set_schema_to_public()  # the request left the connection in the buurtsite
    if response.status_code != 200 or "/thema/bestanden/" not in response.content.decode():
        raise RuntimeError(f"{slug} answered {response.status_code} without its own theme")


def _line(label: str, seconds: list[float]) -> str:
    return (
        f"{label:<46} {statistics.median(seconds):7.3f} s   "
        f"(min {min(seconds):.3f}, max {max(seconds):.3f})"
    )


def main() -> None:
    started = time.perf_counter()
    with bench_django(DATABASE):
        from provisioning import schemas
        from tenants.actions import create_municipality

        recording = time.perf_counter()
        template = schemas.current_template()
        recorded_in = time.perf_counter() - recording
        print(
            f"template recorded in {recorded_in:.2f} s: {len(template.statements)} statements, "
            f"{template.migration_count} migrations\n"
        )

        results = [
            _line(
                "schema from template",
                _timed(lambda i: schemas.create_schema_from_template(f"t_{i}", template=template)),
            ),
            _line("schema by migrations", _timed(lambda i: _by_migrations(f"m_{i}"))),
        ]
        for index in range(OTHER_SCHEMAS):
            schemas.create_schema_from_template(f"ander_{index}", template=template)
        total = OTHER_SCHEMAS + 2 * RUNS
        results += [
            _line(
                f"schema from template, {total} schemas present",
                _timed(lambda i: schemas.create_schema_from_template(f"t2_{i}", template=template)),
            ),
            _line(
                f"schema by migrations, {total} schemas present",
                _timed(lambda i: _by_migrations(f"m2_{i}")),
            ),
        ]
        municipality = create_municipality(name="Benchmarkstad", cbs_code="GM9999")
        answering = _timed(lambda i: _answering(municipality, i))
        results.append(_line("order to answering on its host, theme built", answering))

        print("\n".join(results))
        template_s = statistics.median(
            _timed(lambda i: schemas.create_schema_from_template(f"t3_{i}", template=template))
        )
        print()
        print(
            f"{'PASS' if template_s < GOAL_TEMPLATE_S else 'MISS'}  schema from template "
            f"under {GOAL_TEMPLATE_S:g} s ({template_s:.3f} s)"
        )
        answer_s = statistics.median(answering)
        print(
            f"{'PASS' if answer_s < GOAL_ANSWERING_S else 'MISS'}  answering within "
            f"{GOAL_ANSWERING_S:g} s ({answer_s:.3f} s, its theme built within the run)"
        )
    print(f"\nrun time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
