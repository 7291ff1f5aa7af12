"""Import a municipality's HSDS 3.0 file: `manage.py hsds_import --municipality GM0268 f.json`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialmap_platform.actions import import_hsds
from socialmap_platform.problems import HsdsImportError
from socialmap_platform.selectors import municipality_by_code


class Command(BaseCommand):
    help = "Import city-wide organisations, services and places from an HSDS 3.0 JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="CBS code, e.g. GM0268")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_code(options["municipality"])
        if municipality is None:
            raise CommandError(f"Unknown municipality: {options['municipality']}")
        path: Path = options["file"]
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            result = import_hsds(municipality, raw=raw, acting_name="manage.py hsds_import")
        except HsdsImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError("Nothing was imported.") from None
        self.stdout.write(
            f"Imported: {result.created} new, {result.updated} changed, "
            f"{result.unchanged} unchanged."
        )
