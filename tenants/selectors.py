from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from tenants.models import Buurtsite, Domain


def buurtsites_with_domains() -> QuerySet[Buurtsite]:
    return (
        Buurtsite.objects.select_related("municipality")
        .prefetch_related("domains")
        .order_by("municipality__name", "name")
    )


def serving_buurtsites() -> QuerySet[Buurtsite]:
    return Buurtsite.objects.filter(status=Buurtsite.Status.ACTIVE).order_by("schema_name")


def serving_buurtsites_with_primary_host() -> QuerySet[Buurtsite]:
    """Serving buurtsites, each annotated with `primary_host`, in one query."""
    primary = Domain.objects.filter(tenant=OuterRef("pk"), is_primary=True).values("domain")[:1]
    return (
        serving_buurtsites()
        .select_related("municipality")
        .annotate(primary_host=Subquery(primary))
        .order_by("municipality__name", "name")
    )
