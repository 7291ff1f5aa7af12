"""Help requests ("hulpvragen"): a member asks the buurtverbinders privately for help, and a
buurtverbinder refers it to a neighbour, an organisation or a professional and follows it up.

Only the member and the buurtverbinders ever see a help request. Every change is kept as an
Event, shown as a timeline. Every table lives in the buurtsite's own schema (TENANT_APPS).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HelpRequest(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("New")
        REFERRED = "referred", _("Referred")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="help_requests",
        verbose_name=_("asked by"),
    )
    subject = models.CharField(_("subject"), max_length=150)
    description = models.TextField(_("question"), max_length=3000)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NEW)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.state not in {self.State.RESOLVED, self.State.CLOSED}


class Referral(models.Model):
    class TargetKind(models.TextChoices):
        NEIGHBOUR = "neighbour", _("A neighbour")
        ORGANISATION = "organisation", _("An organisation")
        PROFESSIONAL = "professional", _("A professional")
        OTHER = "other", _("Someone else")

    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="referrals"
    )
    kind = models.CharField(_("referred to"), max_length=12, choices=TargetKind.choices)
    name = models.CharField(_("name"), max_length=200)
    neighbour = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("neighbour"),
    )
    # "service:<id>", "localservice:<id>", "professional:<id>", "organisation:<id>" (social map).
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("referred by"),
    )
    created_at = models.DateTimeField(_("referred at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """One entry of a help request's history: who did what, when. Never edited."""

    class Kind(models.TextChoices):
        ASKED = "asked", _("Asked for help")
        STATE = "state", _("State changed")
        REFERRAL = "referral", _("Referred")
        NOTE = "note", _("Note")

    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    old_state = models.CharField(
        _("old state"), max_length=12, choices=HelpRequest.State.choices, blank=True
    )
    new_state = models.CharField(
        _("new state"), max_length=12, choices=HelpRequest.State.choices, blank=True
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    text = models.TextField(_("note"), max_length=3000, blank=True)
    # Notes are for the buurtverbinders unless shared; states and referrals the member sees.
    visible_to_member = models.BooleanField(_("the member sees this"), default=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.help_request_id}"
