"""`manage.py migrate_buurtsites`: what deploys and `make run` run after the shared migrations."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from provisioning.migrating import MigrationReport, migrate_buurtsites
from provisioning.schemas import current_template
from tenants.management.base import BuurtsiteCommand


class Command(BuurtsiteCommand):
    help = (
        "Migrate every buurtsite schema that lacks a migration, several at a time; then make "
        "sure the template for new buurtsites matches. Run `migrate_schemas --shared` first."
    )
    tenant_help = "Migrate only this buurtsite."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--parallel",
            type=int,
            default=os.cpu_count() or 1,
            help="How many schemas to migrate at the same time (default: the number of CPUs).",
        )

    def handle_platform(self, slug: str | None, **options: Any) -> None:
        if options["parallel"] < 1:
            raise CommandError("--parallel must be 1 or more.")
        schemas = [self.get_buurtsite(slug).schema_name] if slug else None

        report = migrate_buurtsites(parallel=options["parallel"], schemas=schemas)
        # Recorded now, when the migrations change, rather than by the next buurtsite ordered.
        current_template()

        if options["verbosity"] >= 1:
            self.stdout.write(_summary(report))
        for schema, error in sorted(report.failed.items()):
            self.stderr.write(f"{schema}: {error.splitlines()[0] if error else 'failed'}")
        if report.failed:
            raise CommandError(
                f"Migrating failed in {len(report.failed)} buurtsite schema(s): "
                + ", ".join(sorted(report.failed))
            )


def _summary(report: MigrationReport) -> str:
    seconds = f"{report.seconds:.1f} s"
    if not report.pending:
        return f"Nothing to migrate in {report.checked} buurtsite schema(s) ({seconds})."
    return (
        f"Migrated {len(report.migrated)} of {report.checked} buurtsite schema(s), "
        f"{len(report.failed)} failed ({seconds})."
    )
