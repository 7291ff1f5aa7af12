from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def order_approved(self, order: Any, buurtsite: Any) -> None:
        """Provisioning's hook (contract 6): an approved order starts the subscription."""
        from billing.actions import start_buurtsite_subscription

        start_buurtsite_subscription(order=order, buurtsite=buurtsite)
