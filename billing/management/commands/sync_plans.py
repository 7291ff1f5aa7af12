from typing import Any

from django.core.management.base import BaseCommand

from billing.actions import sync_plans_to_stripe


class Command(BaseCommand):
    help = "Mirror the plans to Stripe's products and prices; finds what exists, creates the rest."

    def handle(self, *args: Any, **options: Any) -> None:
        count = sync_plans_to_stripe()
        self.stdout.write(f"{count} plans synchronised.")
