from django.contrib import admin

from billing.models import BillingAccount, Invoice, LicenceCount, Plan, StripeEvent, Subscription


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "key", "kind", "amount_cents", "interval", "is_active"]
    # A Stripe price never changes: a new amount gets a new price at the next sync_plans.
    readonly_fields = ["stripe_product_id", "stripe_price_id"]


@admin.register(BillingAccount)
class BillingAccountAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "email", "municipality", "organisation", "stripe_customer_id"]
    search_fields = ["name", "email"]
    readonly_fields = ["stripe_customer_id", "link_version"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["account", "plan", "buurtsite", "status", "quantity", "current_period_end"]
    list_filter = ["status", "plan"]
    list_select_related = ["account", "plan", "buurtsite"]
    readonly_fields = ["stripe_subscription_id", "stripe_status", "past_due_since"]


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["number", "subscription", "status", "amount_cents", "due_date"]
    list_filter = ["status"]
    list_select_related = ["subscription__account", "subscription__plan"]
    readonly_fields = ["stripe_invoice_id", "hosted_url", "pdf_url"]


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["event_id", "type", "received_at", "processed_at", "attempts"]
    list_filter = ["type"]
    readonly_fields = [field.name for field in StripeEvent._meta.fields]


@admin.register(LicenceCount)
class LicenceCountAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["subscription", "month", "quantity", "counted_at", "reported_at"]
    readonly_fields = [field.name for field in LicenceCount._meta.fields]
