from __future__ import annotations

from typing import Any

from tenants.management.base import BuurtsiteCommand
from tenants.selectors import buurtsites_with_domains


class Command(BuurtsiteCommand):
    help = "List buurtsites with their municipality, status and domains."
    tenant_help = "Show only this buurtsite."

    def handle_platform(self, slug: str | None, **options: Any) -> None:
        buurtsites = buurtsites_with_domains()
        if slug:
            buurtsites = buurtsites.filter(slug=slug)
        rows = [
            (
                site.slug,
                site.name,
                site.municipality.cbs_code,
                site.status,
                ", ".join(domain.domain for domain in site.domains.all()),
            )
            for site in buurtsites
        ]
        if not rows:
            self.stdout.write("No buurtsites.")
            return
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
            self.stdout.write("  ".join([*cells, row[4]]))
