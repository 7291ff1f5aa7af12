from django.contrib import admin

from organisations.models import Organisation, OrganisationMembership, Professional, Service


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "municipality", "kvk_number", "licence_hidden"]
    list_filter = ["municipality", "licence_hidden"]
    search_fields = ["name", "kvk_number"]
    filter_horizontal = ["buurtsites"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "organisation", "confirmed_at", "withdrawn_at"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "organisation", "is_active"]
    list_select_related = ["organisation"]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "organisation", "role"]
    list_select_related = ["user", "organisation"]
