"""Billing's pages: Stripe's webhook, a municipality's invoices, an organisation's licence.

Views parse the request, call one action and answer. The operator console's pages are in
billing/console.py.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from billing import actions, links, selectors
from billing.backends import stripe_is_configured
from billing.forms import LicencePlanForm
from organisations.permissions import portal_required
from organisations.selectors import active_professionals

logger = logging.getLogger(__name__)

# Licences are money: the organisation's admins only (contract 5's decorator).
_portal_admin = portal_required(admin=True)


def _platform_only(request: HttpRequest) -> None:
    if getattr(request, "buurtsite", None) is not None:
        raise Http404


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verify the signature on the raw body, store the event once, process it after commit."""
    _platform_only(request)
    if not (stripe_is_configured() and settings.STRIPE_WEBHOOK_SECRET):
        raise Http404
    try:
        event = stripe.Webhook.construct_event(
            request.body,
            request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
    except (ValueError, stripe.SignatureVerificationError):
        logger.warning("Stripe webhook refused")
        return HttpResponseBadRequest("invalid signature", content_type="text/plain")
    data = event.to_dict()
    event_object = (data.get("data") or {}).get("object") or {}
    if not isinstance(data.get("id"), str) or not isinstance(data.get("type"), str):
        return HttpResponseBadRequest("invalid event", content_type="text/plain")
    actions.record_stripe_event(
        event_id=data["id"],
        type=data["type"],
        object_id=str(event_object.get("id", "")),
        created=datetime.fromtimestamp(int(data.get("created") or 0), tz=UTC),
    )
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def invoices(request: HttpRequest, token: str) -> HttpResponse:
    """A municipality's invoices, behind the signed link from its e-mails."""
    _platform_only(request)
    account = links.account_for_token(token)
    if account is None:
        raise Http404
    response = render(
        request,
        "billing/invoices.html",
        {
            "account": account,
            "subscriptions": selectors.subscriptions_of(account),
            "invoices": selectors.invoices_of(account),
        },
    )
    # The token is in the address: keep it out of other sites' logs and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
@_portal_admin
def licence(request: HttpRequest) -> HttpResponse:
    """The organisation's licence: start it (leaving for Stripe Checkout) or see how it stands."""
    organisation = request.organisation  # type: ignore[attr-defined]
    form = LicencePlanForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                url = actions.start_licence(
                    organisation,
                    plan=form.cleaned_data["plan"],
                    acting_user=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(url)
        return _licence_page(request, form, status=400)
    if request.GET.get("klaar"):
        messages.success(
            request, _("Thank you. Your licence starts as soon as the payment is confirmed.")
        )
    return _licence_page(request, form)


def _licence_page(
    request: HttpRequest,
    form: LicencePlanForm,
    *,
    status: int = 200,
    refusals: list[str] | None = None,
) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    subscription = selectors.licence_of(organisation)
    return render(
        request,
        "billing/licence.html",
        {
            "organisation": organisation,
            "subscription": subscription,
            "count": selectors.latest_count(subscription) if subscription else None,
            "invoices": (selectors.invoices_of(subscription.account)[:12] if subscription else []),
            "form": form,
            "professionals": active_professionals(organisation),
            "refusals": refusals or [],
        },
        status=status,
    )


@require_POST
@_portal_admin
def licence_portal(request: HttpRequest) -> HttpResponse:
    """Leave for Stripe's customer portal: card, bank account, invoices, cancelling."""
    try:
        url = actions.licence_portal_url(request.organisation)  # type: ignore[attr-defined]
    except ValidationError as error:
        return _licence_page_refused(request, error)
    return redirect(url)


def _licence_page_refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return _licence_page(request, LicencePlanForm(), status=400, refusals=error.messages)
