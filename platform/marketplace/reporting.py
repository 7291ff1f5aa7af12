"""Marketplace items as reportable content: members who can see an item can report it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from marketplace.actions import set_item_moderation_state
from marketplace.models import Item
from marketplace.selectors import can_see_item
from moderation.registry import Moderatable


def _get(object_id: int) -> Item | None:
    return Item.objects.select_related("owner").filter(pk=object_id).first()


def _visible_to(user: User, item: Item) -> bool:
    return item.owner_id != user.pk and can_see_item(user, item)


def _set_state(item: Item, state: str, acting_user: User) -> None:
    set_item_moderation_state(item, state=state, acting_user=acting_user)


ITEMS = Moderatable(
    kind="marketplace",
    label=_("marketplace item"),
    get=_get,
    author=lambda item: item.owner,
    excerpt=lambda item: f"{item.title}\n\n{item.description}",
    visible_to=_visible_to,
    state=lambda item: item.moderation_state,
    set_state=_set_state,
    url=lambda item: f"/marktplaats/{item.pk}/",
)
