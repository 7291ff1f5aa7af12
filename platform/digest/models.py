"""The weekly digest's record of what was sent: one row per member per week (issue #7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSend(models.Model):
    """A member's digest of one week. The row is inserted, in the same transaction that sends
    the e-mail, before sending: a repeated or duplicate task finds it and sends nothing."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_sends",
        verbose_name=_("member"),
    )
    week = models.DateField(_("week (its Monday)"))
    sections = models.PositiveSmallIntegerField(_("sections"), default=0)
    items = models.PositiveSmallIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        ordering = ["-week", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "week"], name="digest_once_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.week.isoformat()}"
