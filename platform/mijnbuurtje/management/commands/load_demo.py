from __future__ import annotations

from typing import Any

from django.conf import settings

from mijnbuurtje.demo import DEMO_PASSWORD, demo_logins, load_demo
from tenants.management.base import BuurtsiteCommand
from tenants.selectors import serving_buurtsites_with_primary_host


class Command(BuurtsiteCommand):
    help = "Load the demo municipality, its two buurtsites and their accounts, when absent."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--port", default="8000", help="The port to print in the URLs.")

    def handle_platform(self, slug: str | None, **options: Any) -> None:
        load_demo()
        port = options["port"]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Mijnbuurtje is ready:"))
        self.stdout.write(f"  {'platform':<17}http://{settings.PLATFORM_DOMAIN}:{port}/")
        self.stdout.write(
            f"  {'operator console':<17}http://{settings.PLATFORM_DOMAIN}:{port}/beheer/console/"
        )
        for site in serving_buurtsites_with_primary_host():
            self.stdout.write(f"  {site.name:<17}http://{site.primary_host}:{port}/")
        self.stdout.write("")
        self.stdout.write(f"Log-ins (password for all: {DEMO_PASSWORD}):")
        for login in demo_logins():
            self.stdout.write(f"  {login.where:<11} {login.role:<15} {login.email}")
        self.stdout.write("")
