from django.contrib import admin
from django.http import HttpRequest

from tenants.models import Buurtsite, Domain, Municipality


class DomainInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Domain
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "cbs_code", "created_at"]
    search_fields = ["name", "cbs_code"]


@admin.register(Buurtsite)
class BuurtsiteAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "municipality", "status", "activated_at"]
    list_filter = ["status", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["name", "slug"]
    readonly_fields = ["schema_name", "created_at", "activated_at"]
    inlines = [DomainInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A buurtsite needs a schema: provisioning creates it, never this form.
        return False
