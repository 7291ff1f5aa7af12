"""Plans, who pays (billing accounts), subscriptions and licences, invoices, Stripe events.

Stripe holds every card and bank detail; these tables hold ids, amounts and states only.
All of it lives in the public schema.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

vat_validator = RegexValidator(
    r"^[A-Z]{2}[0-9A-Z]{8,12}$", _("Enter a VAT number such as NL001234567B01.")
)


class Plan(models.Model):
    """What can be bought, defined once (data migration, admin) and mirrored to Stripe.

    A buurtsite plan is paid per buurtsite per year; the licence is paid per professional seat.
    Prices are in euro cents, without VAT.
    """

    class Kind(models.TextChoices):
        BUURTSITE = "buurtsite", _("Buurtsite")
        LICENCE = "licence", _("Licence for an organisation")

    class Interval(models.TextChoices):
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")

    key = models.SlugField(_("key"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount_cents = models.PositiveIntegerField(_("price in cents, without VAT"))
    interval = models.CharField(_("billed"), max_length=5, choices=Interval.choices)
    is_active = models.BooleanField(_("can be chosen"), default=True)
    # Filled in by billing.actions.sync_plans_to_stripe; a price at Stripe never changes, so a
    # new amount gets a new price (found again by its lookup key).
    stripe_product_id = models.CharField(_("Stripe product"), max_length=100, blank=True)
    stripe_price_id = models.CharField(_("Stripe price"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["kind", "amount_cents"]

    def __str__(self) -> str:
        return self.name

    @property
    def lookup_key(self) -> str:
        """Names the Stripe price of this plan at this amount, so a re-run finds it."""
        return f"mijnbuurtje_{self.key}_{self.interval}_{self.amount_cents}"

    @property
    def amount_euros(self) -> str:
        return f"{self.amount_cents / 100:.2f}".replace(".", ",")


class BillingAccount(models.Model):
    """Who pays: a municipality or an organisation, mirrored to one Stripe customer."""

    class PaymentMethod(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        IDEAL = "ideal", _("iDEAL")
        SEPA_DEBIT = "sepa_debit", _("SEPA Direct Debit")
        CARD = "card", _("Card")

    municipality = models.OneToOneField(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="billing_account",
        verbose_name=_("municipality"),
    )
    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="billing_account",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name on the invoice"), max_length=150)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address for invoices"))
    address_line = models.CharField(_("address"), max_length=150, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town or city"), max_length=80, blank=True)
    country = models.CharField(_("country"), max_length=2, default="NL")
    vat_number = models.CharField(
        _("VAT number"), max_length=14, blank=True, validators=[vat_validator]
    )
    purchase_order = models.CharField(_("purchase order number"), max_length=60, blank=True)
    payment_method = models.CharField(
        _("how to pay"),
        max_length=15,
        choices=PaymentMethod.choices,
        default=PaymentMethod.BANK_TRANSFER,
    )
    stripe_customer_id = models.CharField(_("Stripe customer"), max_length=100, blank=True)
    # Bumped to make every invoice link sent so far useless (billing.links).
    link_version = models.PositiveIntegerField(_("version of the invoice links"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("billing account")
        verbose_name_plural = _("billing accounts")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False, organisation__isnull=True)
                | models.Q(municipality__isnull=True, organisation__isnull=False),
                name="billing_account_pays_for_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """A buurtsite's yearly subscription, or an organisation's licence (per seat).

    A buurtsite's is invoiced yearly by us (send_invoice, with that year's purchase order);
    a licence is a Stripe subscription started through Checkout. Either way the status follows
    the payment state at Stripe (or in the local backend), never the order events arrive in.
    """

    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", _("Not started yet")
        ACTIVE = "active", _("Paid")
        PAST_DUE = "past_due", _("Payment overdue")
        ON_HOLD = "on_hold", _("On hold: unpaid after the grace period")
        CANCELED = "canceled", _("Ended")

    account = models.ForeignKey(
        BillingAccount,
        on_delete=models.PROTECT,
        related_name="subscriptions",
        verbose_name=_("billing account"),
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("plan")
    )
    buurtsite = models.OneToOneField(
        "tenants.Buurtsite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscription",
        verbose_name=_("buurtsite"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.INCOMPLETE
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    current_period_start = models.DateField(_("period from"), null=True, blank=True)
    current_period_end = models.DateField(_("period until"), null=True, blank=True)
    past_due_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    on_hold_since = models.DateTimeField(_("on hold since"), null=True, blank=True)
    stripe_subscription_id = models.CharField(
        _("Stripe subscription"), max_length=100, null=True, blank=True, unique=True
    )
    # Stripe's status as last fetched (active, past_due, unpaid, canceled, ...).
    stripe_status = models.CharField(_("status at Stripe"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=models.Q(buurtsite__isnull=True) & ~models.Q(status="canceled"),
                name="one_open_licence_per_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} – {self.plan}"

    @property
    def is_licence(self) -> bool:
        return self.buurtsite_id is None


class Invoice(models.Model):
    """An invoice as Stripe (or the local backend) has it; Stripe's copy is the truth."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("To be paid")
        PAID = "paid", _("Paid")
        VOID = "void", _("Cancelled")
        UNCOLLECTIBLE = "uncollectible", _("Written off")

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("subscription"),
    )
    number = models.CharField(_("invoice number"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    amount_cents = models.PositiveIntegerField(_("amount in cents"))
    currency = models.CharField(_("currency"), max_length=3, default="eur")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    due_date = models.DateField(_("pay before"), null=True, blank=True)
    purchase_order = models.CharField(_("purchase order number"), max_length=60, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    # Stripe's pages for the customer: view and pay, and the PDF.
    hosted_url = models.URLField(_("invoice page"), max_length=500, blank=True)
    pdf_url = models.URLField(_("PDF"), max_length=500, blank=True)
    stripe_invoice_id = models.CharField(
        _("Stripe invoice"), max_length=100, null=True, blank=True, unique=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-period_start", "-created_at"]
        constraints = [
            # The yearly run may go twice: one invoice per subscription and period.
            models.UniqueConstraint(
                fields=["subscription", "period_start"],
                condition=~models.Q(status="void"),
                name="one_invoice_per_period",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def amount_euros(self) -> str:
        return f"{self.amount_cents / 100:.2f}".replace(".", ",")


class StripeEvent(models.Model):
    """Each webhook event once, by Stripe's id: a replay or a concurrent duplicate is a no-op."""

    event_id = models.CharField(_("event"), max_length=100, unique=True)
    type = models.CharField(_("type"), max_length=100)
    object_id = models.CharField(_("object"), max_length=100, blank=True)
    # Stripe's `created` of the event: for the operator's log, never for ordering the state.
    created = models.DateTimeField(_("created at Stripe"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class LicenceCount(models.Model):
    """One monthly count of an organisation's active professionals, and what it was based on."""

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="counts",
        verbose_name=_("licence"),
    )
    month = models.DateField(_("month"))
    quantity = models.PositiveIntegerField(_("professionals counted"))
    professional_ids = models.JSONField(_("professionals"), default=list)
    buurtsite_ids = models.JSONField(_("buurtsites"), default=list)
    counted_at = models.DateTimeField(_("counted at"), auto_now_add=True)
    # Set once the quantity is at Stripe (or the local backend).
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("licence count")
        verbose_name_plural = _("licence counts")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "month"], name="one_count_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.subscription} {self.month:%Y-%m}: {self.quantity}"
