"""Reads for the operator console. Each list is a fixed number of queries, whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from provisioning.models import BuurtsiteExport, Order, ProvisioningRun
from tenants.models import Buurtsite, Domain


@dataclass(frozen=True)
class MemberFigures:
    members: int
    last_activity: datetime | None


def buurtsites_for_console() -> QuerySet[Buurtsite]:
    """Every buurtsite with municipality, domains, plan and latest run: four queries."""
    plan = Order.objects.filter(run__buurtsite=OuterRef("pk")).order_by("-created_at")
    latest_run = ProvisioningRun.objects.filter(buurtsite=OuterRef("pk")).order_by("-created_at")
    return (
        Buurtsite.objects.select_related("municipality")
        .prefetch_related(
            Prefetch("domains", queryset=Domain.objects.order_by("-is_primary", "domain"))
        )
        .annotate(
            plan=Subquery(plan.values("plan")[:1]),
            latest_run_id=Subquery(latest_run.values("pk")[:1]),
            latest_run_status=Subquery(latest_run.values("status")[:1]),
        )
        .order_by("municipality__name", "name")
    )


def member_figures(buurtsites: list[Buurtsite]) -> dict[int, MemberFigures]:
    """Members and last sign-in of many buurtsites in one query over their schemas."""
    live = [b for b in buurtsites if b.status != Buurtsite.Status.DELETED]
    if not live:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)",
            [[b.schema_name for b in live]],
        )
        existing = {name for (name,) in cursor.fetchall()}
        parts = [
            f'SELECT {b.pk}, count(*), max(last_login) FROM "{b.schema_name}".accounts_user'  # noqa: S608
            for b in live
            if b.schema_name in existing
        ]
        if not parts:
            return {}
        cursor.execute(" UNION ALL ".join(parts))
        return {pk: MemberFigures(count, last) for pk, count, last in cursor.fetchall()}


def runs_of(buurtsite: Buurtsite) -> QuerySet[ProvisioningRun]:
    return buurtsite.provisioning_runs.prefetch_related("steps").order_by("-created_at")


def exports_of(buurtsite: Buurtsite) -> QuerySet[BuurtsiteExport]:
    return buurtsite.exports.order_by("-created_at")


def orders_to_decide() -> QuerySet[Order]:
    return Order.objects.filter(status=Order.Status.PENDING).order_by("created_at")


def recent_decided_orders(limit: int = 20) -> QuerySet[Order]:
    return Order.objects.exclude(status=Order.Status.PENDING).order_by("-decided_at")[:limit]
