"""Billing in the operator console: per municipality its invoice details, subscriptions and
invoices; mark a bank transfer paid; renew or revoke the municipality's invoice link.

Every view needs an operator with two factors (`operator_required`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from billing import actions, links, selectors
from billing.backends import get_backend
from billing.forms import BillingDetailsForm
from billing.models import Invoice
from provisioning.permissions import operator_required
from tenants.models import Municipality


@require_GET
@operator_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "billing/console/overview.html",
        {
            "municipalities": selectors.municipalities_for_billing(),
            "backend": get_backend().name,
            "events": selectors.recent_events(),
        },
    )


def _municipality_context(
    municipality: Municipality, *, form: BillingDetailsForm | None = None
) -> dict[str, Any]:
    # Looking never writes: a municipality without invoices yet gets an unsaved account here.
    account = selectors.account_of(municipality)
    if form is None:
        form = BillingDetailsForm(
            initial={
                field: getattr(account, field)
                for field in BillingDetailsForm.base_fields
                if hasattr(account, field)
            }
        )
    return {
        "municipality": municipality,
        "account": account,
        "form": form,
        "subscriptions": selectors.subscriptions_of(account) if account.pk else [],
        "invoices": selectors.invoices_of(account) if account.pk else [],
        "invoices_link": links.invoices_url(account) if account.pk else "",
        "backend": get_backend().name,
    }


@require_GET
@operator_required
def municipality(request: HttpRequest, municipality_id: int) -> HttpResponse:
    found = get_object_or_404(Municipality, pk=municipality_id)
    return render(request, "billing/console/municipality.html", _municipality_context(found))


@require_POST
@operator_required
def update_details(request: HttpRequest, municipality_id: int) -> HttpResponse:
    found = get_object_or_404(Municipality, pk=municipality_id)
    form = BillingDetailsForm(request.POST)
    if form.is_valid():
        try:
            actions.update_billing_details(
                actions.account_for_municipality(found), data=form.cleaned_data
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The invoice details have been saved."))
            return redirect("billing_console_municipality", municipality_id=found.pk)
    return render(
        request,
        "billing/console/municipality.html",
        _municipality_context(found, form=form),
        status=400,
    )


@require_POST
@operator_required
def mark_paid(request: HttpRequest, municipality_id: int, invoice_id: int) -> HttpResponse:
    found = get_object_or_404(Municipality, pk=municipality_id)
    # Looked up within this municipality: another municipality's invoice id answers 404.
    invoice = get_object_or_404(Invoice, pk=invoice_id, subscription__account__municipality=found)
    try:
        actions.mark_invoice_paid(invoice, acting_operator=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        context = {**_municipality_context(found), "refusals": error.messages}
        return render(request, "billing/console/municipality.html", context, status=400)
    messages.success(request, _("The invoice has been marked paid."))
    return redirect("billing_console_municipality", municipality_id=found.pk)


@require_POST
@operator_required
def renew_link(request: HttpRequest, municipality_id: int) -> HttpResponse:
    """Make every invoice link sent so far useless; the page shows the new one."""
    found = get_object_or_404(Municipality, pk=municipality_id)
    actions.renew_invoice_link(actions.account_for_municipality(found))
    messages.success(request, _("The old invoice links no longer work. Send the new one below."))
    return redirect("billing_console_municipality", municipality_id=found.pk)
