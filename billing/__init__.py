"""Billing: plans, subscriptions, licences, invoices, Stripe and its webhooks. Built in issue #9."""
