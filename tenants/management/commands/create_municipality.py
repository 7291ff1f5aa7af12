from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from tenants.actions import create_municipality
from tenants.management.base import BuurtsiteCommand


class Command(BuurtsiteCommand):
    help = "Register a municipality (gemeente) by name and CBS code."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--name", required=True)
        parser.add_argument("--cbs-code", required=True, help="For example GM0268.")

    def handle_platform(self, slug: str | None, **options: Any) -> None:
        try:
            municipality = create_municipality(name=options["name"], cbs_code=options["cbs_code"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Created {municipality}."))
