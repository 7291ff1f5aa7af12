"""Participation on a buurtsite: announcements, polls and consultations (issue #7).

The municipality's staff or the buurtverbinder publish them; members vote in a poll or react
to a consultation until its deadline. Every table lives in the buurtsite's own schema.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.models import ContentState


class Participation(models.Model):
    """One announcement, poll or consultation."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement")
        POLL = "poll", _("Poll")
        CONSULTATION = "consultation", _("Consultation")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="participations",
        verbose_name=_("published by"),
    )
    # Polls only: members may choose more than one option.
    multiple_choice = models.BooleanField(_("more than one choice allowed"), default=False)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    # Polls and consultations: the deadline. Votes and reactions after it are refused, also
    # before the closing task has set `closed_at`.
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation item")
        verbose_name_plural = _("participation items")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["published_at"]),
            models.Index(fields=["closed_at", "closes_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="announcement") | models.Q(closes_at__isnull=False),
                name="participation_deadline_required",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_deadline(self) -> bool:
        return self.kind != self.Kind.ANNOUNCEMENT

    def is_open(self, *, now: datetime | None = None) -> bool:
        """Open for votes or reactions: the deadline decides, whether or not the task ran."""
        if not self.has_deadline or self.closes_at is None:
            return False
        return self.closed_at is None and self.closes_at > (now or timezone.now())

    def is_closed(self) -> bool:
        return self.has_deadline and not self.is_open()


class PollOption(models.Model):
    poll = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="options", verbose_name=_("poll")
    )
    text = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position")
        ]

    def __str__(self) -> str:
        return self.text


class Ballot(models.Model):
    """One member's vote in one poll: the database allows exactly one per member."""

    poll = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("poll")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("member"),
    )
    options: models.ManyToManyField[PollOption, BallotChoice] = models.ManyToManyField(
        PollOption, through="BallotChoice", related_name="ballots", verbose_name=_("choices")
    )
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["poll", "member"], name="ballot_one_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.member_id}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="ballot_choice_once")
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.option_id}"


class Reaction(models.Model):
    """A member's written reaction to a consultation: one per member.

    Anonymous means: neither other members nor the municipality's export show the name. The
    row still points at the member, so they react only once and can have it removed.
    """

    consultation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="reactions",
        verbose_name=_("consultation"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_replys",
        verbose_name=_("member"),
    )
    body = models.TextField(_("reaction"), max_length=3000)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # Members can report a reaction; the buurtverbinder may hide or remove it.
    state = models.CharField(
        _("state"), max_length=10, choices=ContentState.choices, default=ContentState.VISIBLE
    )
    created_at = models.DateTimeField(_("reacted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member"], name="reaction_one_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.member_id}"
