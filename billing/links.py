"""Signed links to a billing account's invoices, for the municipality's contact person.

A municipality's contact has no account on the platform (only operators sign in there), so
the invoice e-mails carry a signed link: it names one billing account and the version of its
links, and shows invoices only; paying happens on Stripe's own pages. An operator makes every
link sent so far useless by bumping the version. Links last 400 days: a yearly invoice e-mail
always brings a fresh one.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from billing.models import BillingAccount

_SALT = "billing.invoices"
MAX_AGE_SECONDS = 400 * 24 * 3600


def invoices_token(account: BillingAccount) -> str:
    return signing.dumps([account.pk, account.link_version], salt=_SALT, compress=True)


def account_for_token(token: str) -> BillingAccount | None:
    """The account the token names, or None when it is forged, altered, expired or revoked."""
    try:
        account_id, version = signing.loads(token, salt=_SALT, max_age=MAX_AGE_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(account_id, int) or not isinstance(version, int):
        return None
    return BillingAccount.objects.filter(pk=account_id, link_version=version).first()


def invoices_path(account: BillingAccount) -> str:
    # The platform host's URLs, also when a task (in no request) makes the link.
    return reverse(
        "billing_invoices",
        kwargs={"token": invoices_token(account)},
        urlconf=settings.PUBLIC_SCHEMA_URLCONF,
    )


def invoices_url(account: BillingAccount) -> str:
    port = settings.EMAIL_LINK_PORT
    host = f"{settings.PLATFORM_DOMAIN}:{port}" if port else settings.PLATFORM_DOMAIN
    return f"{settings.EMAIL_LINK_SCHEME}://{host}{invoices_path(account)}"
