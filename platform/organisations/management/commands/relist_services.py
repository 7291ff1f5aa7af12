"""Work out again where every city-wide service is listed: `manage.py relist_services`.

The actions keep it up to date; this is for after a bulk load or a repair by hand in the
database (organisations.listing).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from organisations.listing import relist_everything


class Command(BaseCommand):
    help = "Work out again on which buurtsites every city-wide service is listed."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = relist_everything()
        self.stdout.write(f"{count} services relisted")
