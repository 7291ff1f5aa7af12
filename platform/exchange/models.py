"""Vraag en aanbod: requests and offers between neighbours, reactions to them, and matches.

A match is the headline figure of the platform: one neighbour helped another. It exists once
per post and pair of members (a database constraint), and only when both sides said so.
Every table lives in the buurtsite's own schema (TENANT_APPS).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from moderation.models import ContentState
from textsearch.definitions import SEARCH_CONFIG


class ChoiceItem(models.Model):
    """A name the buurtverbinder keeps in a short list: a category or a part of the buurt."""

    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("can be chosen"), default=True)

    objects = models.Manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Category(ChoiceItem):
    class Meta(ChoiceItem.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(Lower("name"), name="exchange_category_name_ci")]


class Area(ChoiceItem):
    """A part of the neighbourhood ("Galgenveld", "rond de Groenestraat"): never an address."""

    class Meta(ChoiceItem.Meta):
        verbose_name = _("part of the neighbourhood")
        verbose_name_plural = _("parts of the neighbourhood")
        constraints = [models.UniqueConstraint(Lower("name"), name="exchange_area_name_ci")]


class Post(models.Model):
    class Kind(models.TextChoices):
        REQUEST = "request", _("Request")
        OFFER = "offer", _("Offer")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class ClosedBecause(models.TextChoices):
        AUTHOR = "author", _("Closed by the author")
        HELPED = "helped", _("Help was found")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn by the author")
        MODERATOR = "moderator", _("Closed by the buurtverbinder")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exchange_posts",
        verbose_name=_("author"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="posts", verbose_name=_("category")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("part of the neighbourhood"),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=2000)
    # A name in default_storage (MEDIA_ROOT/<schema>/...); served only through the photo view.
    photo = models.CharField(_("photo"), max_length=200, blank=True)
    # Empty means "flexible": any day that suits both.
    when = models.DateField(_("when"), null=True, blank=True)
    expires_at = models.DateTimeField(_("open until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_because = models.CharField(
        _("closed because"), max_length=10, choices=ClosedBecause.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ContentState.choices, default=ContentState.VISIBLE
    )
    # Set once by the expiry task: the author was reminded / asked whether help was found.
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    expiry_asked_at = models.DateTimeField(_("asked after expiry at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Dutch full-text search: stems, accents ignored (typing mistakes: see SearchWord).
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("request or offer")
        verbose_name_plural = _("requests and offers")
        ordering = ["-created_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="exchange_post_search"),
            models.Index(fields=["status", "state", "-created_at"], name="exchange_post_listing"),
            models.Index(fields=["status", "expires_at"], name="exchange_post_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | models.Q(status="closed", closed_at__isnull=False),
                name="exchange_post_closed_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_request(self) -> bool:
        return self.kind == self.Kind.REQUEST


class SearchWord(models.Model):
    """Every word that occurs in a post, without accents: where a search with a typing mistake
    finds the word that was meant ("buurmna" for "buurman"). A few thousand rows, so trigram
    similarity here is fast where it would be slow on every post's text."""

    word = models.CharField(_("word"), max_length=60, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        indexes = [
            GinIndex(fields=["word"], name="exchange_searchword_trgm", opclasses=["gin_trgm_ops"])
        ]

    def __str__(self) -> str:
        return self.word


class Reaction(models.Model):
    """A neighbour reacted to a post: their private conversation with the author."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exchange_reactions",
        verbose_name=_("member"),
    )
    conversation = models.ForeignKey(
        "messaging.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("conversation"),
    )
    created_at = models.DateTimeField(_("reacted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="exchange_one_reaction")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} on {self.post_id}"


class Match(models.Model):
    """Help between the post's author and one neighbour: counted once both sides confirmed.

    One row per post and neighbour (the author is the post's). Each side sets its own
    confirmation; `matched_at` is set once, by whoever confirms second.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="matches")
    neighbour = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exchange_matches",
        verbose_name=_("neighbour"),
    )
    author_confirmed_at = models.DateTimeField(_("author confirmed at"), null=True, blank=True)
    neighbour_confirmed_at = models.DateTimeField(
        _("neighbour confirmed at"), null=True, blank=True
    )
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True, db_index=True)
    # A public thank-you, shown only when both sides agreed to show it.
    thanks = models.CharField(_("thank-you"), max_length=300, blank=True)
    thanks_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thank-you written by"),
    )
    author_consents = models.BooleanField(_("author agrees to show the thank-you"), default=False)
    neighbour_consents = models.BooleanField(
        _("neighbour agrees to show the thank-you"), default=False
    )
    thanks_at = models.DateTimeField(_("thank-you written at"), null=True, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-matched_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "neighbour"], name="exchange_one_match"),
            models.CheckConstraint(
                condition=models.Q(matched_at__isnull=True)
                | models.Q(author_confirmed_at__isnull=False, neighbour_confirmed_at__isnull=False),
                name="exchange_match_needs_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.neighbour_id}"

    @property
    def thanks_shown(self) -> bool:
        return bool(self.thanks) and self.author_consents and self.neighbour_consents
