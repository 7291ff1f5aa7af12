"""What the monthly figures need and no other table keeps: who signed in in which month.

One row per member per month (the first day of the month), in the buurtsite's own schema.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlySignIn(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("sign-in in a month")
        verbose_name_plural = _("sign-ins per month")
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="one_sign_in_per_month")
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.month:%Y-%m}"
