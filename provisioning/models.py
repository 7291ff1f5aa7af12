from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Buurtsite


class SchemaTemplate(models.Model):
    """The statements that build a buurtsite schema, captured once per set of migrations.

    A new buurtsite replays them in one transaction instead of running every migration.
    """

    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    statements = models.JSONField(_("statements"))
    migration_count = models.PositiveIntegerField(_("migrations"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    build_seconds = models.FloatField(_("build time (s)"))

    class Meta:
        verbose_name = _("schema template")
        verbose_name_plural = _("schema templates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.fingerprint[:12]} ({self.migration_count} migrations)"


class ProvisioningRun(models.Model):
    """One attempt to bring a buurtsite to life: a persisted state machine of steps."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    buurtsite = models.ForeignKey(
        Buurtsite,
        on_delete=models.PROTECT,
        related_name="provisioning_runs",
        verbose_name=_("buurtsite"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Bumped by the worker while it works; a run that stops beating is resumed by the reaper.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        verbose_name = _("provisioning run")
        verbose_name_plural = _("provisioning runs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["buurtsite"],
                condition=models.Q(status__in=["pending", "running"]),
                name="one_open_run_per_buurtsite",
            )
        ]

    def __str__(self) -> str:
        return f"{self.buurtsite} – {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.RUNNING}


class ProvisioningStep(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(
        ProvisioningRun, on_delete=models.CASCADE, related_name="steps", verbose_name=_("run")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("step"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("provisioning step")
        verbose_name_plural = _("provisioning steps")
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="one_step_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name} ({self.status})"

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class BuurtsiteExport(models.Model):
    """A full export of one buurtsite (every table as JSON, and its media), kept for operators."""

    buurtsite = models.ForeignKey(
        Buurtsite, on_delete=models.PROTECT, related_name="exports", verbose_name=_("buurtsite")
    )
    path = models.CharField(_("file"), max_length=300)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    table_count = models.PositiveIntegerField(_("tables"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.buurtsite} – {self.created_at:%Y-%m-%d %H:%M}"
