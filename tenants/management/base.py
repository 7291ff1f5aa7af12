"""The base of every management command of the project: one `--tenant` option for all."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from tenants.models import Buurtsite


class BuurtsiteCommand(BaseCommand):
    """A command that may act in one buurtsite, named by `--tenant <slug>`.

    With `tenant_required`, `handle_buurtsite` runs inside that buurtsite's schema. Otherwise
    `handle_platform` runs in the public schema with the buurtsite (or None) as an argument.
    """

    tenant_required = False
    tenant_help = "The slug of the buurtsite, for example 'oost'."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tenant", required=self.tenant_required, help=self.tenant_help)

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options.get("tenant")
        if self.tenant_required:
            buurtsite = self.get_buurtsite(slug)
            with tenant_context(buurtsite):
                self.handle_buurtsite(buurtsite, **options)
        else:
            self.handle_platform(slug, **options)

    def get_buurtsite(self, slug: str | None) -> Buurtsite:
        try:
            return Buurtsite.objects.select_related("municipality").get(slug=slug)
        except Buurtsite.DoesNotExist:
            raise CommandError(f"No buurtsite with slug {slug!r}.") from None

    def handle_buurtsite(self, buurtsite: Buurtsite, **options: Any) -> None:
        raise NotImplementedError("Commands with tenant_required define handle_buurtsite.")

    def handle_platform(self, slug: str | None, **options: Any) -> None:
        raise NotImplementedError("Commands without tenant_required define handle_platform.")
