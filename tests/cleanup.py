"""Removing what a test committed (for worker processes or a browser to see) once it is done."""

from __future__ import annotations

from billing.models import BillingAccount, Invoice, Subscription
from provisioning import schemas
from provisioning.models import BuurtsiteExport, Order, ProvisioningRun
from tenants.models import Buurtsite, Domain, Municipality


def remove_committed_buurtsite(slug: str, *, municipality_code: str | None = None) -> None:
    """Drop the buurtsite's schema and every registry row about it; then its municipality."""
    for buurtsite in Buurtsite.objects.filter(slug=slug):
        schemas.drop_schema(buurtsite.schema_name)
        Order.objects.filter(run__buurtsite=buurtsite).delete()
        ProvisioningRun.objects.filter(buurtsite=buurtsite).delete()
        BuurtsiteExport.objects.filter(buurtsite=buurtsite).delete()
        Domain.objects.filter(tenant=buurtsite).delete()
        # Billing keeps its records of a buurtsite (PROTECT); a test's buurtsite goes with them.
        Invoice.objects.filter(subscription__buurtsite=buurtsite).delete()
        Subscription.objects.filter(buurtsite=buurtsite).delete()
        buurtsite.delete()
    Order.objects.filter(slug=slug).delete()
    if municipality_code:
        unused = Municipality.objects.filter(cbs_code=municipality_code, buurtsites__isnull=True)
        BillingAccount.objects.filter(municipality__in=unused, subscriptions__isnull=True).delete()
        unused.delete()
