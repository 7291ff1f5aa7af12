from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from organisations import listing
from organisations.models import Organisation, OrganisationMembership, Professional, Service


class RelistingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An operator's edit here changes what buurtsites list, as the portal's actions do."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        instance = form.instance
        organisation_id = instance.pk if isinstance(instance, Organisation) else None
        listing.relist(organisation_ids=[organisation_id or instance.organisation_id])


@admin.register(Organisation)
class OrganisationAdmin(RelistingAdmin):
    list_display = ["name", "municipality", "kvk_number", "licence_hidden"]
    list_filter = ["municipality", "licence_hidden"]
    search_fields = ["name", "kvk_number"]
    filter_horizontal = ["buurtsites"]


@admin.register(Service)
class ServiceAdmin(RelistingAdmin):
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
