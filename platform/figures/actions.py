"""Writes for the figures: noting that a member signed in this month."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from accounts.models import User
from figures.models import MonthlySignIn
from tenants.connection import tenant_connection


def record_sign_in(sender: Any, *, user: User, **kwargs: Any) -> None:
    """Signal receiver (user_logged_in): only on a buurtsite, where members live."""
    if tenant_connection().schema_name == get_public_schema_name() or not isinstance(user, User):
        return
    note_active_month(user)


def note_active_month(member: User) -> None:
    """One row per member and month; a second sign-in in the month changes nothing."""
    today = timezone.localdate()
    MonthlySignIn.objects.bulk_create(
        [MonthlySignIn(user=member, month=today.replace(day=1))], ignore_conflicts=True
    )
