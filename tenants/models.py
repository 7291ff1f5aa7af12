from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("Enter a CBS municipality code such as GM0268.")
)
slug_validator = RegexValidator(
    r"^[a-z][a-z0-9-]{1,40}[a-z0-9]$",
    _("Use 3 to 42 lower-case letters, digits or hyphens, starting with a letter."),
)


class Municipality(models.Model):
    """A gemeente: the paying customer that subscribes to buurtsites."""

    name = models.CharField(_("name"), max_length=100)
    cbs_code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[cbs_code_validator]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.cbs_code})"


class Buurtsite(TenantMixin):
    """One neighbourhood website, living in a PostgreSQL schema of its own."""

    class Status(models.TextChoices):
        PROVISIONING = "provisioning", _("Being set up")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ARCHIVED = "archived", _("Archived (read-only)")
        # Billing (issue #9): unpaid after the grace period; read-only with a notice until paid.
        ON_HOLD = "on_hold", _("On hold (unpaid)")
        DELETED = "deleted", _("Deleted")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=42, unique=True, validators=[slug_validator])
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="buurtsites",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROVISIONING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    # A deleted buurtsite keeps its registry row as a tombstone: its schema and domains are gone.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    # Schemas are created by the registry's actions, never as a side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("buurtsite")
        verbose_name_plural = _("buurtsites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def serving_statuses(cls) -> tuple[str, ...]:
        """The statuses that answer requests: fully when active, for reading only when
        archived or on hold."""
        return (cls.Status.ACTIVE, cls.Status.ARCHIVED, cls.Status.ON_HOLD)

    @property
    def is_serving(self) -> bool:
        return self.status in self.serving_statuses()

    @property
    def is_read_only(self) -> bool:
        return self.status in {self.Status.ARCHIVED, self.Status.ON_HOLD}

    @property
    def is_on_hold(self) -> bool:
        return self.status == self.Status.ON_HOLD


class Domain(DomainMixin):
    """A host name that serves a buurtsite: its platform subdomain or an own domain."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Platform subdomain")
        CUSTOM = "custom", _("Own domain")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.PLATFORM)
    is_verified = models.BooleanField(_("verified"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Own domains prove ownership with this token in a DNS TXT record.
    verification_token = models.CharField(_("verification token"), max_length=64, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)
    check_result = models.CharField(_("result of the last check"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"],
                condition=models.Q(is_primary=True),
                name="one_primary_domain_per_buurtsite",
            )
        ]

    def __str__(self) -> str:
        return self.domain
