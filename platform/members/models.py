"""Members of one buurtsite: their profiles, the site's joining settings, codes and notices.

Every table here lives in the buurtsite's own schema (TENANT_APPS).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class JoiningMode(models.TextChoices):
    OPEN = "open", _("Anyone can join")
    APPROVAL = "approval", _("A buurtverbinder approves each new member")
    CODE = "code", _("With a personal code on paper, delivered to an address")


class SiteSettings(models.Model):
    """The buurtsite's own choices. Exactly one row per schema (pk 1)."""

    SINGLETON_PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK)
    joining_mode = models.CharField(
        _("how people join"), max_length=10, choices=JoiningMode.choices, default=JoiningMode.OPEN
    )
    # Empty means: the platform's standard house rules (translated, see the template).
    house_rules = models.TextField(_("house rules"), blank=True, max_length=5000)
    house_rules_version = models.PositiveIntegerField(_("house rules version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="site_settings_one")]

    def __str__(self) -> str:
        return str(_("Site settings"))


class Topic(models.Model):
    """A skill or interest, shared by the members who name it ("tuinieren", "computerhulp")."""

    name = models.CharField(_("name"), max_length=40)

    class Meta:
        verbose_name = _("skill or interest")
        verbose_name_plural = _("skills and interests")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="topic_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


class Visibility(models.TextChoices):
    MEMBERS = "members", _("All members of this buurtsite")
    CONNECTORS = "connectors", _("Only the buurtverbinders")


class Channel(models.TextChoices):
    EMAIL = "email", _("By e-mail and on the site")
    SITE = "site", _("Only on the site")
    OFF = "off", _("Not at all")


class NoticeKind(models.TextChoices):
    MESSAGES = "messages", _("New messages from neighbours")
    MODERATION = "moderation", _("News from the buurtverbinder about you or your content")
    MEMBERSHIP = "membership", _("Your membership")


class Profile(models.Model):
    """What a member tells their neighbours, and who may see it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Member")
        BLOCKED = "blocked", _("Blocked")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
        verbose_name=_("member"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    area = models.CharField(_("street or part of the neighbourhood"), max_length=100, blank=True)
    about = models.TextField(_("about me"), max_length=1000, blank=True)
    offer = models.TextField(_("what I like to do for neighbours"), max_length=500, blank=True)
    skills = models.ManyToManyField(
        Topic, blank=True, related_name="skilled", verbose_name=_("skills")
    )
    interests = models.ManyToManyField(
        Topic, blank=True, related_name="interested", verbose_name=_("interests")
    )
    # A name in default_storage (MEDIA_ROOT/<schema>/...); served only through the photo view.
    photo = models.CharField(_("photo"), max_length=200, blank=True)

    area_visibility = models.CharField(
        _("who sees my street"), max_length=10, choices=Visibility.choices, default="members"
    )
    photo_visibility = models.CharField(
        _("who sees my photo"), max_length=10, choices=Visibility.choices, default="members"
    )
    about_visibility = models.CharField(
        _("who sees my text, skills and interests"),
        max_length=10,
        choices=Visibility.choices,
        default="members",
    )
    in_directory = models.BooleanField(_("show me in the list of neighbours"), default=True)

    notify_messages = models.CharField(
        _("new messages"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    notify_moderation = models.CharField(
        _("news from the buurtverbinder"), max_length=10, choices=Channel.choices, default="email"
    )
    # The weekly e-mail with what happened in the buurtsite (digest): only for who asks for it.
    weekly_digest = models.BooleanField(_("weekly digest by e-mail"), default=False)
    # Language of e-mail to this member; empty: the buurtsite's language (Dutch).
    language = models.CharField(_("language for e-mail"), max_length=8, blank=True)

    house_rules_version = models.PositiveIntegerField(_("house rules accepted"), default=0)
    house_rules_accepted_at = models.DateTimeField(_("house rules accepted at"), null=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # Set by moderation: the text, photo, skills and interests are not shown while hidden.
    is_hidden = models.BooleanField(_("hidden by the buurtverbinder"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [models.Index(fields=["status", "in_directory"])]

    def __str__(self) -> str:
        return str(self.user)

    def channel_for(self, kind: str) -> str:
        if kind == NoticeKind.MESSAGES:
            return self.notify_messages
        if kind == NoticeKind.MODERATION:
            return self.notify_moderation
        return Channel.EMAIL


class JoinCode(models.Model):
    """A personal code, printed on a letter for one address, that lets one person join."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    address = models.CharField(_("address"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_by = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="join_code",
        verbose_name=_("used by"),
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("joining code")
        verbose_name_plural = _("joining codes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.code


class Notice(models.Model):
    """Something a member should know, shown on the site and possibly e-mailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NoticeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=200, blank=True)
    show_in_site = models.BooleanField(_("shown on the site"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """A personal invitation to join with a role, such as the first buurtverbinder's.

    Only a hash of the token is kept: the link in the e-mail is the one place the token exists.
    """

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=User.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"
