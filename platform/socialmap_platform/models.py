"""The HSDS identity of city-wide organisations, services and locations (public schema).

Open Referral HSDS names every object by a UUID. An object exported before it was ever
imported is named by a UUID derived from its id (`hsds.derived_uuid`); an object that came in
through an import keeps the UUID of the file it came from, recorded here, so that importing
the same file again finds it instead of adding a copy.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HsdsKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    SERVICE = "service", _("Service")
    LOCATION = "location", _("Location")


class HsdsIdentifier(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=HsdsKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    uuid = models.UUIDField(_("HSDS identifier"), unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("HSDS identifier")
        verbose_name_plural = _("HSDS identifiers")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_hsds_id_per_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} = {self.uuid}"


class HsdsImport(models.Model):
    """One import run of a municipality's HSDS file: who, when, what it changed."""

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    imported_by_name = models.CharField(_("imported by"), max_length=150, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("HSDS import")
        verbose_name_plural = _("HSDS imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.imported_at:%Y-%m-%d %H:%M}"
