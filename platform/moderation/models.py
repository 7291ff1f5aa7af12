"""Reports by members and the buurtverbinder's decisions (the audit trail), per buurtsite."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentState(models.TextChoices):
    """The state of anything members can report; content apps store it on their own rows."""

    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by the buurtverbinder")
    REMOVED = "removed", _("Removed by the buurtverbinder")


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Advertising or spam")
        RUDE = "rude", _("Rude, threatening or hurtful")
        DISCRIMINATION = "discrimination", _("Discrimination")
        PRIVACY = "privacy", _("Shares someone's personal details")
        ILLEGAL = "illegal", _("Dangerous or against the law")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the buurtverbinder")
        HANDLED = "handled", _("Handled")
        DISMISSED = "dismissed", _("Nothing wrong found")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports_made",
        verbose_name=_("reported by"),
    )
    kind = models.CharField(_("kind of content"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("content id"))
    target_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports_about",
        verbose_name=_("author of the content"),
    )
    # What the content said when it was reported, so the buurtverbinder sees what was meant.
    snapshot = models.TextField(_("content when reported"), blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    explanation = models.TextField(_("explanation"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["kind", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"

    @property
    def kind_label(self) -> str:
        from moderation.registry import get

        moderatable = get(self.kind)
        return str(moderatable.label) if moderatable else self.kind


class Decision(models.Model):
    """One moderation action, kept for good: the audit trail. Never edited, never deleted;
    when a member leaves, only the link to them is cut."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Shown again")
        REMOVE = "remove", _("Removed")
        DISMISS = "dismiss", _("Report dismissed")
        WARN = "warn", _("Member warned")
        BLOCK = "block", _("Member blocked")
        UNBLOCK = "unblock", _("Member unblocked")

    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("buurtverbinder"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    kind = models.CharField(_("kind of content"), max_length=20, blank=True)
    object_id = models.PositiveBigIntegerField(_("content id"), null=True, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_decisions",
        verbose_name=_("member concerned"),
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("report"),
    )
    reason = models.TextField(_("reason told to the member"), max_length=1000)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d}"
