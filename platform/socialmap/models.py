"""Local entries of the social map: a neighbourhood club or volunteer group of this buurtsite.

They live in the buurtsite's own schema and have the same shape as the city-wide entries
(organisations' abstract `*Fields` bases), so the "find help" pages, the search and the HSDS
export treat both levels alike. The buurtverbinder keeps them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import LocationFields, OrganisationFields, ServiceFields
from socialmap_platform.search import service_indexes


class LocalOrganisation(OrganisationFields):
    # The HSDS identifier: kept through every export and import.
    uuid = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        verbose_name = _("local organisation")
        verbose_name_plural = _("local organisations")
        ordering = ["name", "pk"]


class LocalLocation(LocationFields):
    uuid = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        LocalOrganisation,
        on_delete=models.CASCADE,
        related_name="locations",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("local place")
        verbose_name_plural = _("local places")
        ordering = ["name", "pk"]


class LocalService(ServiceFields):
    uuid = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        LocalOrganisation,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("organisation"),
    )
    locations = models.ManyToManyField(
        LocalLocation, related_name="services", verbose_name=_("places"), blank=True
    )

    class Meta:
        verbose_name = _("local service")
        verbose_name_plural = _("local services")
        ordering = ["name", "pk"]
        indexes = service_indexes("socialmap_local")
