from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from provisioning.actions import StepError, provision_buurtsite_now
from tenants.management.base import BuurtsiteCommand
from tenants.models import Municipality


class Command(BuurtsiteCommand):
    help = "Create a buurtsite now, in this process: every provisioning step, then it is open."
    tenant_help = "The slug of the new buurtsite; it becomes <slug>.<PLATFORM_DOMAIN>."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--name", required=True)
        parser.add_argument("--municipality", required=True, help="CBS code, e.g. GM0268.")

    def handle_platform(self, slug: str | None, **options: Any) -> None:
        if not slug:
            raise CommandError("Give the new buurtsite's slug with --tenant.")
        try:
            municipality = Municipality.objects.get(cbs_code=options["municipality"].upper())
        except Municipality.DoesNotExist:
            raise CommandError(
                f"No municipality with CBS code {options['municipality']}."
            ) from None
        try:
            buurtsite = provision_buurtsite_now(municipality, name=options["name"], slug=slug)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        except StepError as error:
            raise CommandError(f"Provisioning failed: {error}") from None
        host = buurtsite.domains.get(is_primary=True).domain
        self.stdout.write(self.style.SUCCESS(f"Created {buurtsite.name} at {host}."))
