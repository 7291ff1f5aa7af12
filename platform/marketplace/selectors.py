"""Reads for the marketplace: the list with filters, one item, a member's items, the export."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from marketplace.models import Item, Photo, Reaction, searchable_text
from members.permissions import can_moderate
from moderation.models import ContentState
from textsearch.definitions import fold

PAGE_SIZE = 20
# What the list shows when nobody chose a state: what can still be had.
OPEN_STATES = (Item.State.AVAILABLE, Item.State.RESERVED)


def _photos() -> Any:
    """Photos in their order, prefetched in one query for a whole page of items."""
    return Prefetch("photos", queryset=Photo.objects.order_by("position", "id"))


def listed_items(
    *,
    viewer: User,
    query: str = "",
    kind: str = "",
    state: str = "",
    mine: bool = False,
) -> QuerySet[Item]:
    """Items for the list, newest first. Accents do not matter in the search ("cafe" finds
    "café"). Withdrawn items are shown to their owner only; hidden ones to the owner and the
    buurtverbinders; removed ones to nobody."""
    items = Item.objects.exclude(moderation_state=ContentState.REMOVED)
    if not can_moderate(viewer):
        items = items.filter(Q(moderation_state=ContentState.VISIBLE) | Q(owner=viewer))
    if mine:
        items = items.filter(owner=viewer)
    if kind:
        items = items.filter(kind=kind)
    if state:
        items = items.filter(state=state)
    elif not mine:
        items = items.filter(state__in=OPEN_STATES)
    items = items.exclude(Q(state=Item.State.WITHDRAWN) & ~Q(owner=viewer))
    query = fold(" ".join(query.split())[:100])
    if query:
        # A substring search, so "fiets" finds "kinderfiets" (full-text search would not),
        # read from a trigram index (marketplace.models.searchable_text).
        items = items.alias(text=searchable_text()).filter(text__contains=query)
    return items.select_related("owner").prefetch_related(_photos()).order_by("-created_at", "-id")


def item_for(viewer: User, item_id: int) -> Item | None:
    """One item as the viewer may see it; None (a 404) when it is not theirs to see."""
    item = (
        Item.objects.select_related("owner", "reserved_for")
        .prefetch_related(_photos())
        .filter(pk=item_id)
        .first()
    )
    if item is None or not can_see_item(viewer, item):
        return None
    return item


def can_see_item(viewer: User, item: Item) -> bool:
    if item.owner_id == viewer.pk:
        return item.moderation_state != ContentState.REMOVED
    if item.moderation_state == ContentState.REMOVED or item.state == Item.State.WITHDRAWN:
        return False
    return item.moderation_state == ContentState.VISIBLE or can_moderate(viewer)


def reactions_to(item: Item) -> list[Reaction]:
    return list(item.reactions.select_related("member").order_by("created_at", "id"))


def has_reacted(item: Item, member: User) -> Reaction | None:
    return Reaction.objects.filter(item=item, member=member).first()


def new_items_since(since: Any, *, exclude_owner: User | None = None) -> QuerySet[Item]:
    items = Item.objects.filter(
        created_at__gte=since,
        moderation_state=ContentState.VISIBLE,
        state__in=OPEN_STATES,
    )
    if exclude_owner is not None:
        items = items.exclude(owner=exclude_owner)
    return items.order_by("-created_at", "-id")


def marketplace_data(member: User) -> dict[str, Any]:
    """The marketplace's part of the data export: the member's items and reactions."""
    return {
        "items": [
            {
                "id": item.pk,
                "kind": item.kind,
                "title": item.title,
                "description": item.description,
                "price_cents": item.price_cents,
                "state": item.state,
                "placed": item.created_at.isoformat(),
                "photos": len(item.photos.all()),
            }
            for item in Item.objects.filter(owner=member).prefetch_related("photos")
        ],
        "reactions": [
            {"item": reaction.item_id, "when": reaction.created_at.isoformat()}
            for reaction in Reaction.objects.filter(member=member).order_by("created_at")
        ],
    }
