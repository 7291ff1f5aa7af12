"""Demo billing for `make run`: Nijmegen's invoice details, a subscription per demo buurtsite,
last year's invoice paid and this year's open, and a monthly licence for the first demo
organisation with this month's count; all on the local invoice backend. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from billing.backends import add_interval
from billing.models import BillingAccount, Invoice, LicenceCount, Plan, Subscription
from organisations.models import Organisation
from organisations.selectors import active_professionals
from tenants.models import Buurtsite, Municipality

_PLANS = {"oost": "small", "lindenholt": "large"}


def load_demo_billing(municipality: Municipality) -> None:
    account, _created = BillingAccount.objects.get_or_create(
        municipality=municipality,
        defaults={
            "name": "Gemeente Nijmegen",
            "contact_name": "Fenna de Vriës",
            "email": "financien@nijmegen.nl",
            "address_line": "Korte Nieuwstraat 6",
            "postal_code": "6511 PP",
            "city": "Nijmegen",
            "vat_number": "NL002220862B01",
            "purchase_order": "PO-2026-0412",
        },
    )
    today = timezone.localdate()
    this_year = date(today.year, 1, 1)
    for buurtsite in Buurtsite.objects.filter(municipality=municipality, slug__in=_PLANS):
        plan = Plan.objects.get(key=_PLANS[buurtsite.slug])
        subscription, _created = Subscription.objects.get_or_create(
            buurtsite=buurtsite,
            defaults={
                "account": account,
                "plan": plan,
                "status": Subscription.Status.ACTIVE,
                "current_period_start": this_year,
                "current_period_end": add_interval(this_year, plan.interval),
            },
        )
        last_year = date(today.year - 1, 1, 1)
        for start, paid in ((last_year, True), (this_year, False)):
            invoice, created = Invoice.objects.get_or_create(
                subscription=subscription,
                period_start=start,
                defaults={
                    "period_end": add_interval(start, plan.interval),
                    "status": Invoice.Status.PAID if paid else Invoice.Status.OPEN,
                    "amount_cents": plan.amount_cents,
                    "due_date": start + timedelta(days=30) if paid else today + timedelta(days=30),
                    "paid_at": timezone.now() - timedelta(days=300) if paid else None,
                    "purchase_order": account.purchase_order,
                },
            )
            if created:
                invoice.number = f"MB-{start:%Y}-{invoice.pk:05d}"
                invoice.save(update_fields=["number"])

    _load_demo_licence(municipality)


def _load_demo_licence(municipality: Municipality) -> None:
    organisation = Organisation.objects.filter(municipality=municipality).order_by("pk").first()
    if organisation is None:
        return
    account, _created = BillingAccount.objects.get_or_create(
        organisation=organisation,
        defaults={
            "name": organisation.name,
            "email": organisation.email or "administratie@example.nl",
            "payment_method": BillingAccount.PaymentMethod.CARD,
        },
    )
    plan = Plan.objects.get(key="licence-month")
    professionals = active_professionals(organisation)
    month = timezone.localdate().replace(day=1)
    licence, _created = Subscription.objects.get_or_create(
        account=account,
        buurtsite=None,
        defaults={
            "plan": plan,
            "status": Subscription.Status.ACTIVE,
            "quantity": max(1, len(professionals)),
            "current_period_start": month,
            "current_period_end": add_interval(month, plan.interval),
        },
    )
    LicenceCount.objects.get_or_create(
        subscription=licence,
        month=month,
        defaults={
            "quantity": len(professionals),
            "professional_ids": [professional.pk for professional in professionals],
            "buurtsite_ids": sorted(organisation.buurtsites.values_list("pk", flat=True)),
            "reported_at": timezone.now(),
        },
    )
