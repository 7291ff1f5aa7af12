"""Export a municipality's city-wide entries: `manage.py hsds_export --municipality GM0268`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialmap_platform.selectors import export_municipality, municipality_by_code


class Command(BaseCommand):
    help = "Write a municipality's city-wide organisations, services and places as HSDS 3.0."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="CBS code, e.g. GM0268")
        parser.add_argument("--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_by_code(options["municipality"])
        if municipality is None:
            raise CommandError(f"Unknown municipality: {options['municipality']}")
        text = json.dumps(export_municipality(municipality), ensure_ascii=False, indent=2)
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(text)
        else:
            output.write_text(text + "\n", encoding="utf-8")
