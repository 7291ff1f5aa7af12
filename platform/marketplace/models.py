"""The buurtmarktplaats: things neighbours sell, give away, lend or look for, with photos.

Every table lives in the buurtsite's own schema (TENANT_APPS).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Concat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from moderation.models import ContentState
from textsearch.definitions import folded


def searchable_text() -> models.Func:
    """Title and description in lower case without accents: what the list's search reads.

    The trigram index below is built on exactly this expression, so a substring search
    ("fiets" finds "kinderfiets", "cafe" finds "café-tafel") reads the index, not every row.
    """
    return folded(
        Concat("title", models.Value(" "), "description", output_field=models.TextField())
    )


class Item(models.Model):
    class Kind(models.TextChoices):
        SALE = "sale", _("For sale")
        GIVE = "give", _("To give away")
        LEND = "lend", _("To lend")
        WANTED = "wanted", _("Wanted")

    class State(models.TextChoices):
        AVAILABLE = "available", _("Available")
        RESERVED = "reserved", _("Reserved")
        DONE = "done", _("Done")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="marketplace_items",
        verbose_name=_("placed by"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # In euro cents; empty for a give-away, something wanted, or "price to be agreed".
    price_cents = models.PositiveIntegerField(_("price in cents"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.AVAILABLE
    )
    reserved_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="marketplace_reservations",
        verbose_name=_("reserved for"),
    )
    # Moderation: hidden or removed by the buurtverbinder.
    moderation_state = models.CharField(
        _("moderation"),
        max_length=10,
        choices=ContentState.choices,
        default=ContentState.VISIBLE,
    )
    created_at = models.DateTimeField(_("placed at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("marketplace item")
        verbose_name_plural = _("marketplace items")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["moderation_state", "state", "-created_at"]),
            GinIndex(OpClass(searchable_text(), name="gin_trgm_ops"), name="marketplace_item_text"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_cents__isnull=True) | models.Q(kind="sale"),
                name="marketplace_price_only_for_sale",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def price(self) -> Decimal | None:
        return None if self.price_cents is None else Decimal(self.price_cents) / 100

    @property
    def price_label(self) -> str:
        """The price as a neighbour reads it: "€ 12,50", "Gratis", "Prijs in overleg"."""
        if self.kind == self.Kind.GIVE:
            return str(_("Free"))
        if self.kind != self.Kind.SALE:
            return ""
        if self.price is None:
            return str(_("Price to be agreed"))
        return f"€ {number_format(self.price, decimal_pos=2, force_grouping=True)}"

    @property
    def is_open(self) -> bool:
        """Neighbours can still react: not done, withdrawn or hidden."""
        return (
            self.state in {self.State.AVAILABLE, self.State.RESERVED}
            and self.moderation_state == ContentState.VISIBLE
        )


class Photo(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="photos")
    # A name in default_storage (MEDIA_ROOT/<schema>/...); served only through the photo view.
    file = models.CharField(_("photo"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Reaction(models.Model):
    """A neighbour reacted to an item (the words themselves are a private message)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="marketplace_reactions",
        verbose_name=_("member"),
    )
    conversation = models.ForeignKey(
        "messaging.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reacted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="one_reaction_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} on {self.item_id}"
