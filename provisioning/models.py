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


class Order(models.Model):
    """A municipality's order for a new buurtsite, waiting for an operator's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Plan(models.TextChoices):
        # The keys of billing's buurtsite plans (billing.models.Plan.key), which carry the prices
        # and mirror them to Stripe; provisioning names them without importing billing.
        SMALL = "small", _("Small neighbourhood (up to 5,000 residents)")
        LARGE = "large", _("Large neighbourhood or district")

    municipality_name = models.CharField(_("municipality"), max_length=100)
    cbs_code = models.CharField(_("CBS code"), max_length=6)
    buurtsite_name = models.CharField(_("name of the buurtsite"), max_length=100)
    slug = models.CharField(_("web address"), max_length=42)
    own_domain = models.CharField(_("own domain"), max_length=253, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_email = models.EmailField(_("e-mail address of the contact person"))
    buurtverbinder_email = models.EmailField(
        _("e-mail address of the first buurtverbinder"), blank=True
    )
    plan = models.CharField(_("plan"), max_length=10, choices=Plan.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.EmailField(_("decided by"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("ordered at"), auto_now_add=True)
    run = models.OneToOneField(
        ProvisioningRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="order"
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.buurtsite_name} ({self.municipality_name})"
