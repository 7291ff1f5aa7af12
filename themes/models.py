"""Themes live in the public schema, beside the registry: one per buurtsite, with its builds.

A theme holds the draft the editor works on. Publishing freezes the draft into a `ThemeBuild`,
which a Celery task turns into files; the theme points at the build that is live and at the one
before it, so going back is a matter of swapping the two.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Buurtsite


class Font(models.TextChoices):
    SYSTEM = "system", _("The device's own font")
    ATKINSON_HYPERLEGIBLE = "atkinson-hyperlegible", "Atkinson Hyperlegible"
    SOURCE_SANS_3 = "source-sans-3", "Source Sans 3"
    LEXEND = "lexend", "Lexend"


class HomeLayout(models.TextChoices):
    BANNER = "banner", _("Wide header image above the welcome")
    SPLIT = "split", _("Header image beside the welcome")
    PLAIN = "plain", _("Welcome only, no header image")


class CornerStyle(models.TextChoices):
    SQUARE = "square", _("Square corners")
    ROUNDED = "rounded", _("Rounded corners")
    ROUND = "round", _("Round corners")


class Theme(models.Model):
    """The branding of one buurtsite: the draft being edited and the builds that went live."""

    buurtsite = models.OneToOneField(
        Buurtsite, on_delete=models.CASCADE, related_name="theme", verbose_name=_("buurtsite")
    )
    preset = models.CharField(_("started from preset"), max_length=40, blank=True)
    primary_color = models.CharField(_("main colour"), max_length=7)
    accent_color = models.CharField(_("accent colour"), max_length=7)
    background_color = models.CharField(_("background colour"), max_length=7)
    text_color = models.CharField(_("text colour"), max_length=7)
    font = models.CharField(_("font"), max_length=40, choices=Font.choices, default=Font.SYSTEM)
    home_layout = models.CharField(
        _("home page layout"), max_length=20, choices=HomeLayout.choices, default=HomeLayout.BANNER
    )
    corner_style = models.CharField(
        _("corners"), max_length=20, choices=CornerStyle.choices, default=CornerStyle.ROUNDED
    )
    short_name = models.CharField(_("short name"), max_length=15, blank=True)
    # Checked and cleaned uploads, relative to THEME_ROOT (<schema>/sources/<name>.<hash>.<ext>).
    logo = models.CharField(_("logo"), max_length=200, blank=True)
    header_image = models.CharField(_("header image"), max_length=200, blank=True)
    # Goes up with every saved change: it tells a preview which draft it shows.
    draft_revision = models.PositiveIntegerField(_("draft revision"), default=1)
    draft_updated_at = models.DateTimeField(_("draft changed at"), auto_now=True)
    live_build = models.ForeignKey(
        "ThemeBuild",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("live build"),
    )
    previous_build = models.ForeignKey(
        "ThemeBuild",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous build"),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return str(self.buurtsite_id)

    def draft_settings(self) -> dict[str, Any]:
        """The draft as a build freezes it."""
        return {
            "primary_color": self.primary_color,
            "accent_color": self.accent_color,
            "background_color": self.background_color,
            "text_color": self.text_color,
            "font": self.font,
            "home_layout": self.home_layout,
            "corner_style": self.corner_style,
            "short_name": self.short_name,
            "logo": self.logo,
            "header_image": self.header_image,
        }


class ThemeBuild(models.Model):
    """A published version of a theme and the files built from it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Cleared away")

    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="builds", verbose_name=_("theme")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # The draft as it was published, plus the buurtsite's name at that moment.
    settings = models.JSONField(_("settings"))
    # Role ("stylesheet", "icon_192", ...) to file name in the build's folder.
    files = models.JSONField(_("files"), default=dict, blank=True)
    # Pixel sizes the pages need for width/height attributes: {"logo": [w, h], "header": {...}}.
    dimensions = models.JSONField(_("image sizes"), default=dict, blank=True)
    # Who published: "buurtverbinder:<user id>", "operator:<user id>" or "system".
    requested_by = models.CharField(_("published by"), max_length=60)
    error = models.CharField(_("error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    build_seconds = models.FloatField(_("build time in seconds"), null=True, blank=True)

    class Meta:
        verbose_name = _("theme build")
        verbose_name_plural = _("theme builds")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["theme", "status"])]

    def __str__(self) -> str:
        return f"{self.theme_id}/{self.pk}"
