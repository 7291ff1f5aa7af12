"""Where invoices and subscriptions live: at Stripe, or (without a Stripe key) in our own tables.

Both backends speak the same protocol and report the same states; `get_backend()` is the one
place that chooses, from settings. Actions (billing/actions.py) never ask which one they have.

Every call that creates something at Stripe carries an idempotency key made from our own ids,
so a task that is retried (after a timeout, a lost worker) never creates a second object.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

import stripe
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from billing.models import BillingAccount, Invoice, Plan, Subscription


@dataclass(frozen=True)
class RemoteInvoice:
    """An invoice as the backend has it now."""

    remote_id: str
    subscription_id: int | None
    remote_subscription_id: str
    number: str
    status: str
    amount_cents: int
    currency: str
    period_start: date
    period_end: date
    due_date: date | None
    paid_at: datetime | None
    purchase_order: str
    hosted_url: str
    pdf_url: str


@dataclass(frozen=True)
class RemoteSubscription:
    """A licence's subscription as Stripe has it now."""

    remote_id: str
    subscription_id: int | None
    status: str
    quantity: int
    period_start: date | None
    period_end: date | None


class BillingBackend(Protocol):
    name: str

    def sync_plan(self, plan: Plan) -> None: ...

    def ensure_customer(self, account: BillingAccount) -> None: ...

    def issue_invoice(
        self, subscription: Subscription, *, period_start: date, period_end: date
    ) -> RemoteInvoice: ...

    def mark_invoice_paid(self, invoice: Invoice) -> RemoteInvoice: ...

    def fetch_invoice(self, remote_id: str) -> RemoteInvoice: ...

    def fetch_subscription(self, remote_id: str) -> RemoteSubscription: ...

    def subscription_of_checkout(self, session_id: str) -> str: ...

    def start_checkout(
        self, subscription: Subscription, *, success_url: str, cancel_url: str
    ) -> str: ...

    def portal_url(self, account: BillingAccount, *, return_url: str) -> str: ...

    def report_quantity(
        self, subscription: Subscription, *, quantity: int, idempotency_key: str
    ) -> None: ...


def get_backend() -> BillingBackend:
    """Stripe when a secret key is configured, the local invoice backend otherwise."""
    if settings.STRIPE_SECRET_KEY:
        return StripeBackend()
    return LocalBackend()


def stripe_is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


# Local -----------------------------------------------------------------------------------------


class LocalBackend:
    """Invoices in our own tables; an operator marks them paid. For `make run` and demos."""

    name = "local"

    def sync_plan(self, plan: Plan) -> None:
        return None

    def ensure_customer(self, account: BillingAccount) -> None:
        return None

    def issue_invoice(
        self, subscription: Subscription, *, period_start: date, period_end: date
    ) -> RemoteInvoice:
        today = timezone.localdate()
        invoice, _created = Invoice.objects.get_or_create(
            subscription=subscription,
            period_start=period_start,
            status__in=[Invoice.Status.OPEN, Invoice.Status.PAID, Invoice.Status.DRAFT],
            defaults={
                "period_end": period_end,
                "status": Invoice.Status.OPEN,
                "amount_cents": subscription.plan.amount_cents * subscription.quantity,
                "due_date": today + timedelta(days=settings.BILLING_DAYS_UNTIL_DUE),
                "purchase_order": subscription.account.purchase_order,
            },
        )
        if not invoice.number:
            invoice.number = f"MB-{period_start:%Y}-{invoice.pk:05d}"
            invoice.save(update_fields=["number"])
        return _local_remote(invoice)

    def mark_invoice_paid(self, invoice: Invoice) -> RemoteInvoice:
        with transaction.atomic():
            locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
            if locked.status == Invoice.Status.OPEN:
                locked.status = Invoice.Status.PAID
                locked.paid_at = timezone.now()
                locked.save(update_fields=["status", "paid_at"])
        return _local_remote(locked)

    def fetch_invoice(self, remote_id: str) -> RemoteInvoice:
        return _local_remote(Invoice.objects.get(pk=int(remote_id.removeprefix("local_"))))

    def fetch_subscription(self, remote_id: str) -> RemoteSubscription:
        subscription = Subscription.objects.get(pk=int(remote_id.removeprefix("local_")))
        return RemoteSubscription(
            remote_id=remote_id,
            subscription_id=subscription.pk,
            status="active" if subscription.status != Subscription.Status.CANCELED else "canceled",
            quantity=subscription.quantity,
            period_start=subscription.current_period_start,
            period_end=subscription.current_period_end,
        )

    def subscription_of_checkout(self, session_id: str) -> str:
        return session_id

    def start_checkout(
        self, subscription: Subscription, *, success_url: str, cancel_url: str
    ) -> str:
        # Nothing to pay online without Stripe: the licence starts now and is invoiced like a
        # municipality's subscription; an operator marks the invoice paid.
        start = timezone.localdate()
        end = add_interval(start, subscription.plan.interval)
        Subscription.objects.filter(pk=subscription.pk).update(
            status=Subscription.Status.ACTIVE, current_period_start=start, current_period_end=end
        )
        self.issue_invoice(subscription, period_start=start, period_end=end)
        return success_url

    def portal_url(self, account: BillingAccount, *, return_url: str) -> str:
        return return_url

    def report_quantity(
        self, subscription: Subscription, *, quantity: int, idempotency_key: str
    ) -> None:
        Subscription.objects.filter(pk=subscription.pk).update(quantity=quantity)


def add_interval(start: date, interval: str) -> date:
    """The last day of a period of one month or one year that starts on `start`."""
    months = 12 if interval == Plan.Interval.YEAR else 1
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    # The 31st of January plus a month is the end of February, not an error.
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day) - timedelta(days=1)
        except ValueError:
            continue
    raise ValueError(start)


def _local_remote(invoice: Invoice) -> RemoteInvoice:
    return RemoteInvoice(
        remote_id=f"local_{invoice.pk}",
        subscription_id=invoice.subscription_id,
        remote_subscription_id="",
        number=invoice.number,
        status=invoice.status,
        amount_cents=invoice.amount_cents,
        currency=invoice.currency,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        due_date=invoice.due_date,
        paid_at=invoice.paid_at,
        purchase_order=invoice.purchase_order,
        hosted_url="",
        pdf_url="",
    )


# Stripe ----------------------------------------------------------------------------------------


def stripe_client() -> stripe.StripeClient:
    """A client for this call; settings are read here, when called, never at import."""
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else None,
        # Our tasks retry (with the same idempotency keys); the client itself does not.
        max_network_retries=0,
        http_client=stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT_SECONDS),
    )


def _key(*parts: object) -> str:
    return "mijnbuurtje-" + "-".join(str(part) for part in parts)


# Which Stripe payment method types an invoice offers for each choice; a bank transfer to the
# customer's virtual IBAN ("customer_balance") is always offered to municipalities.
_PAYMENT_METHOD_TYPES = {
    BillingAccount.PaymentMethod.BANK_TRANSFER: ["customer_balance"],
    BillingAccount.PaymentMethod.IDEAL: ["ideal", "customer_balance"],
    BillingAccount.PaymentMethod.SEPA_DEBIT: ["sepa_debit", "customer_balance"],
    BillingAccount.PaymentMethod.CARD: ["card", "customer_balance"],
}


class StripeBackend:
    name = "stripe"

    def __init__(self) -> None:
        self.client = stripe_client()

    def sync_plan(self, plan: Plan) -> None:
        """Find the product and price by their ids, create them only when missing.

        The price's id is the plan's lookup key: Stripe's plan objects are prices and accept
        an id of our choosing, so a re-run (or a second environment) finds the same one.
        """
        product_id = f"mijnbuurtje_{plan.key}"
        try:
            self.client.v1.products.retrieve(product_id)
        except stripe.InvalidRequestError as error:
            if error.http_status != 404:
                raise
            self.client.v1.products.create(
                params={"id": product_id, "name": plan.name, "metadata": {"plan": plan.key}},
                options={"idempotency_key": _key("product", plan.key)},
            )
        price_id = plan.lookup_key
        try:
            self.client.v1.plans.retrieve(price_id)
        except stripe.InvalidRequestError as error:
            if error.http_status != 404:
                raise
            self.client.v1.plans.create(
                params={
                    "id": price_id,
                    "product": product_id,
                    "amount": plan.amount_cents,
                    "currency": "eur",
                    "interval": plan.interval,
                    "metadata": {"plan": plan.key},
                },
                options={"idempotency_key": _key("price", price_id)},
            )
        Plan.objects.filter(pk=plan.pk).update(
            stripe_product_id=product_id, stripe_price_id=price_id
        )
        plan.stripe_product_id, plan.stripe_price_id = product_id, price_id

    def ensure_customer(self, account: BillingAccount) -> None:
        params: dict[str, Any] = {
            "name": account.name,
            "email": account.email,
            "preferred_locales": ["nl"],
            "metadata": {"billing_account_id": str(account.pk)},
            "invoice_settings": {"custom_fields": _custom_fields(account.purchase_order)},
        }
        if account.address_line:
            params["address"] = {
                "line1": account.address_line,
                "postal_code": account.postal_code,
                "city": account.city,
                "country": account.country,
            }
        if account.stripe_customer_id:
            self.client.v1.customers.update(
                account.stripe_customer_id,
                params=params,  # type: ignore[arg-type]
            )
            return
        if account.vat_number:
            params["tax_id_data"] = [{"type": "eu_vat", "value": account.vat_number}]
        customer = self.client.v1.customers.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": _key("account", account.pk, "customer")},
        )
        BillingAccount.objects.filter(pk=account.pk).update(stripe_customer_id=customer.id)
        account.stripe_customer_id = customer.id

    def issue_invoice(
        self, subscription: Subscription, *, period_start: date, period_end: date
    ) -> RemoteInvoice:
        """A yearly invoice sent to the municipality, to pay by transfer, iDEAL or direct debit."""
        account = subscription.account
        self.ensure_customer(account)
        plan = subscription.plan
        if not plan.stripe_price_id:
            self.sync_plan(plan)
        period = f"{period_start:%Y%m%d}"
        metadata = {
            "subscription_id": str(subscription.pk),
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
            "purchase_order": account.purchase_order,
        }
        params: dict[str, Any] = {
            "customer": account.stripe_customer_id,
            "collection_method": "send_invoice",
            "days_until_due": settings.BILLING_DAYS_UNTIL_DUE,
            "pending_invoice_items_behavior": "exclude",
            "custom_fields": _custom_fields(
                account.purchase_order,
                buurtsite=subscription.buurtsite.name if subscription.buurtsite else "",
            ),
            "footer": _footer(account),
            "payment_settings": {
                "payment_method_types": _PAYMENT_METHOD_TYPES[
                    BillingAccount.PaymentMethod(account.payment_method)
                ]
            },
            "metadata": metadata,
        }
        invoice = self.client.v1.invoices.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": _key("subscription", subscription.pk, period, "invoice")},
        )
        assert invoice.id is not None  # noqa: S101 (Stripe always returns one)
        self.client.v1.invoice_items.create(
            params={
                "customer": account.stripe_customer_id,
                "invoice": invoice.id,
                "pricing": {"price": plan.stripe_price_id},
                "quantity": subscription.quantity,
                "period": {
                    "start": _timestamp(period_start),
                    "end": _timestamp(period_end),
                },
                "metadata": {"subscription_id": str(subscription.pk)},
            },
            options={"idempotency_key": _key("subscription", subscription.pk, period, "line")},
        )
        remote = self.fetch_invoice(invoice.id)
        if remote.status == Invoice.Status.DRAFT:
            self.client.v1.invoices.finalize_invoice(invoice.id)
            self.client.v1.invoices.send_invoice(invoice.id)
            remote = self.fetch_invoice(invoice.id)
        return remote

    def mark_invoice_paid(self, invoice: Invoice) -> RemoteInvoice:
        """The municipality paid by bank transfer outside Stripe: an operator records it."""
        assert invoice.stripe_invoice_id is not None  # noqa: S101 (only Stripe's invoices here)
        remote = self.fetch_invoice(invoice.stripe_invoice_id)
        if remote.status == Invoice.Status.OPEN:
            self.client.v1.invoices.pay(
                invoice.stripe_invoice_id, params={"paid_out_of_band": True}
            )
            remote = self.fetch_invoice(invoice.stripe_invoice_id)
        return remote

    def fetch_invoice(self, remote_id: str) -> RemoteInvoice:
        return parse_invoice(self.client.v1.invoices.retrieve(remote_id).to_dict())

    def fetch_subscription(self, remote_id: str) -> RemoteSubscription:
        return parse_subscription(self.client.v1.subscriptions.retrieve(remote_id).to_dict())

    def subscription_of_checkout(self, session_id: str) -> str:
        session = self.client.v1.checkout.sessions.retrieve(session_id).to_dict()
        subscription = session.get("subscription") or ""
        if isinstance(subscription, dict):
            subscription = subscription.get("id", "")
        return str(subscription)

    def start_checkout(
        self, subscription: Subscription, *, success_url: str, cancel_url: str
    ) -> str:
        account = subscription.account
        self.ensure_customer(account)
        if not subscription.plan.stripe_price_id:
            self.sync_plan(subscription.plan)
        # Clicks within ten minutes find the same session; a later one gets a new session.
        window = int(time.time() // 600)
        metadata = {"subscription_id": str(subscription.pk)}
        session = self.client.v1.checkout.sessions.create(
            params={
                "mode": "subscription",
                "customer": account.stripe_customer_id,
                "client_reference_id": str(subscription.pk),
                "line_items": [
                    {"price": subscription.plan.stripe_price_id, "quantity": subscription.quantity}
                ],
                "locale": "nl",
                "success_url": success_url,
                "cancel_url": cancel_url,
                "metadata": metadata,
                "subscription_data": {"metadata": metadata},
            },
            options={"idempotency_key": _key("subscription", subscription.pk, "checkout", window)},
        )
        return str(session.url)

    def portal_url(self, account: BillingAccount, *, return_url: str) -> str:
        self.ensure_customer(account)
        window = int(time.time() // 60)
        session = self.client.v1.billing_portal.sessions.create(
            params={
                "customer": account.stripe_customer_id,
                "return_url": return_url,
                "locale": "nl",
            },
            options={"idempotency_key": _key("account", account.pk, "portal", window)},
        )
        return str(session.url)

    def report_quantity(
        self, subscription: Subscription, *, quantity: int, idempotency_key: str
    ) -> None:
        assert subscription.stripe_subscription_id is not None  # noqa: S101
        remote = self.client.v1.subscriptions.retrieve(subscription.stripe_subscription_id)
        item_id = remote.to_dict()["items"]["data"][0]["id"]
        self.client.v1.subscription_items.update(
            item_id,
            params={"quantity": quantity},
            options={"idempotency_key": idempotency_key},
        )


def _custom_fields(purchase_order: str, *, buurtsite: str = "") -> list[dict[str, str]]:
    fields = []
    if purchase_order:
        fields.append({"name": "Inkoopnummer", "value": purchase_order[:140]})
    if buurtsite:
        fields.append({"name": "Buurtsite", "value": buurtsite[:140]})
    return fields


def _footer(account: BillingAccount) -> str:
    lines = [account.name]
    if account.vat_number:
        lines.append(f"Btw-nummer klant: {account.vat_number}")
    if account.purchase_order:
        lines.append(f"Inkoopnummer: {account.purchase_order}")
    return " · ".join(lines)


def _timestamp(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _date(timestamp: Any) -> date | None:
    if not timestamp:
        return None
    return datetime.fromtimestamp(int(timestamp), tz=UTC).date()


def parse_invoice(data: dict[str, Any]) -> RemoteInvoice:
    """Read what we keep of a Stripe invoice; works with the API's older and newer shapes."""
    metadata = data.get("metadata") or {}
    parent = (data.get("parent") or {}).get("subscription_details") or {}
    remote_subscription = parent.get("subscription") or data.get("subscription") or ""
    if isinstance(remote_subscription, dict):
        remote_subscription = remote_subscription.get("id", "")
    raw_subscription = metadata.get("subscription_id", "")
    period_start = (
        date.fromisoformat(metadata["period_start"])
        if metadata.get("period_start")
        else _date(data.get("period_start"))
    )
    period_end = (
        date.fromisoformat(metadata["period_end"])
        if metadata.get("period_end")
        else _date(data.get("period_end"))
    )
    paid = (data.get("status_transitions") or {}).get("paid_at")
    return RemoteInvoice(
        remote_id=str(data["id"]),
        subscription_id=int(raw_subscription) if str(raw_subscription).isdigit() else None,
        remote_subscription_id=str(remote_subscription),
        number=str(data.get("number") or ""),
        status=str(data.get("status") or "draft"),
        amount_cents=int(data.get("amount_due") or data.get("total") or 0),
        currency=str(data.get("currency") or "eur"),
        period_start=period_start or timezone.localdate(),
        period_end=period_end or timezone.localdate(),
        due_date=_date(data.get("due_date")),
        paid_at=datetime.fromtimestamp(int(paid), tz=UTC) if paid else None,
        purchase_order=str(metadata.get("purchase_order", "")),
        hosted_url=str(data.get("hosted_invoice_url") or ""),
        pdf_url=str(data.get("invoice_pdf") or ""),
    )


def parse_subscription(data: dict[str, Any]) -> RemoteSubscription:
    metadata = data.get("metadata") or {}
    items = (data.get("items") or {}).get("data") or [{}]
    item = items[0]
    raw = metadata.get("subscription_id", "")
    return RemoteSubscription(
        remote_id=str(data["id"]),
        subscription_id=int(raw) if str(raw).isdigit() else None,
        status=str(data.get("status") or ""),
        quantity=int(item.get("quantity") or data.get("quantity") or 1),
        # Newer API versions keep the period on the item, older ones on the subscription.
        period_start=_date(item.get("current_period_start") or data.get("current_period_start")),
        period_end=_date(item.get("current_period_end") or data.get("current_period_end")),
    )


def licence_return_url(*, done: bool) -> str:
    path = reverse("billing_licence", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    return f"{settings.EMAIL_LINK_SCHEME}://{_platform_host()}{path}{'?klaar=1' if done else ''}"


def _platform_host() -> str:
    port = settings.EMAIL_LINK_PORT
    return f"{settings.PLATFORM_DOMAIN}:{port}" if port else settings.PLATFORM_DOMAIN
