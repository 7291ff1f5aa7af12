"""Activities in a buurtsite's agenda and the members who signed up (or wait for a place)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from clubs.models import Club


class Activity(models.Model):
    # Stable for calendars: a feed reader recognises a changed activity by this, never by pk.
    uid = models.UUIDField(_("calendar id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=5000)
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="organised_activities",
        verbose_name=_("organiser"),
    )
    club = models.ForeignKey(
        Club,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("club"),
    )
    # Empty: no limit.
    capacity = models.PositiveIntegerField(
        _("number of places"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=F("start_time")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="activity_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/agenda/{self.pk}/"

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.date, self.start_time, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def ends_at(self) -> datetime | None:
        if self.end_time is None:
            return None
        return datetime.combine(self.date, self.end_time, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def default_end(self) -> datetime:
        """For calendars that need an end: the end time, or two hours after the start."""
        return self.ends_at or self.starts_at + timedelta(hours=2)


class SignUp(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Signed up")
        WAITING = "waiting", _("On the waiting list")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_signups"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    # Set when a place came free and this member moved up from the waiting list.
    moved_up_at = models.DateTimeField(_("moved up at"), null=True, blank=True)
    moved_up_emailed_at = models.DateTimeField(_("told about moving up at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="one_signup_per_member")
        ]
        indexes = [models.Index(fields=["activity", "status", "created_at"], name="agenda_queue")]

    def __str__(self) -> str:
        return f"{self.member_id} for {self.activity_id}"
