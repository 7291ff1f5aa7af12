"""Writes for the marketplace: placing, changing, reserving, reacting, and moderation."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.models import Item, Photo, Reaction
from members import actions as member_actions
from members.models import NoticeKind
from members.permissions import can_moderate, is_member
from members.photos import prepare_photo
from messaging.actions import send_message
from messaging.models import Message
from moderation.models import ContentState, Decision

logger = logging.getLogger(__name__)

MAX_PHOTOS = 4
MAX_PRICE_CENTS = 10_000_000  # 100.000 euro: a typing mistake rather than a neighbourly price
PHOTO_DIR = "marktplaats"

# Which state the owner may move an item to, from each state.
TRANSITIONS: dict[str, frozenset[str]] = {
    Item.State.AVAILABLE: frozenset({Item.State.RESERVED, Item.State.DONE, Item.State.WITHDRAWN}),
    Item.State.RESERVED: frozenset({Item.State.AVAILABLE, Item.State.DONE, Item.State.WITHDRAWN}),
    Item.State.DONE: frozenset({Item.State.AVAILABLE}),
    Item.State.WITHDRAWN: frozenset({Item.State.AVAILABLE}),
}


class ItemRefused(ValidationError):
    """The change cannot be made; the message says why, in plain Dutch."""


@transaction.atomic
def create_item(
    *,
    kind: str,
    title: str,
    description: str = "",
    price_cents: int | None = None,
    photos: Sequence[UploadedFile] = (),
    acting_user: User,
) -> Item:
    """Place something in the marketplace. Raises ValidationError; nothing is saved then."""
    if not is_member(acting_user):
        raise ItemRefused(_("Only members can place something in the marketplace."))
    item = Item(owner=acting_user)
    _fill(item, kind=kind, title=title, description=description, price_cents=price_cents)
    prepared = _prepare_photos(photos, already=0)
    item.save()
    _save_photos(item, prepared, start=0)
    logger.info("Marketplace item placed", extra={"item_id": item.pk, "kind": item.kind})
    return item


@transaction.atomic
def update_item(
    item: Item,
    *,
    kind: str,
    title: str,
    description: str = "",
    price_cents: int | None = None,
    photos: Sequence[UploadedFile] = (),
    acting_user: User,
) -> Item:
    """The owner changes the text, price or kind and may add photos (up to MAX_PHOTOS)."""
    item = _locked(item)
    _check_owner(item, acting_user)
    _fill(item, kind=kind, title=title, description=description, price_cents=price_cents)
    existing = item.photos.count()
    prepared = _prepare_photos(photos, already=existing)
    item.save()
    last = item.photos.order_by("-position").values_list("position", flat=True).first()
    _save_photos(item, prepared, start=(last or 0) + 1)
    logger.info("Marketplace item changed", extra={"item_id": item.pk})
    return item


@transaction.atomic
def remove_item_photo(photo: Photo, *, acting_user: User) -> None:
    item = _locked(photo.item)
    _check_owner(item, acting_user)
    name = photo.file
    photo.delete()
    transaction.on_commit(lambda: default_storage.delete(name))
    logger.info("Marketplace photo removed", extra={"item_id": item.pk})


@transaction.atomic
def set_item_state(
    item: Item, *, state: str, acting_user: User, reserved_for: User | None = None
) -> Item:
    """The owner reserves (for a neighbour who reacted), hands over, withdraws or reopens."""
    item = _locked(item)
    _check_owner(item, acting_user)
    if state not in Item.State.values:
        raise ItemRefused(_("Choose what you want to do."))
    if state not in TRANSITIONS[item.state]:
        raise ItemRefused(
            _("This cannot be done now: the item is %(state)s.")
            % {"state": Item.State(item.state).label.lower()}
        )
    if state == Item.State.RESERVED:
        if (
            reserved_for is not None
            and not Reaction.objects.filter(item=item, member=reserved_for).exists()
        ):
            raise ItemRefused(_("You can only reserve it for a neighbour who reacted."))
        item.reserved_for = reserved_for
    elif state == Item.State.AVAILABLE:
        item.reserved_for = None
    item.state = state
    item.save(update_fields=["state", "reserved_for", "updated_at"])
    if state == Item.State.RESERVED and item.reserved_for is not None:
        member_actions.notify(
            item.reserved_for,
            kind=NoticeKind.MESSAGES,
            title=_("%(title)s is reserved for you") % {"title": item.title},
            body=_("%(name)s has reserved it for you. Send a message to arrange the rest.")
            % {"name": acting_user.display_name},
            url=f"/marktplaats/{item.pk}/",
        )
    logger.info("Marketplace item state changed", extra={"item_id": item.pk, "state": state})
    return item


@transaction.atomic
def react_to_item(item: Item, *, body: str, acting_user: User) -> Message:
    """A neighbour reacts: a private message to the owner (with the limits messages have)."""
    item = _locked(item)
    if not item.is_open:
        raise ItemRefused(_("You can no longer react to this: it is no longer offered."))
    if item.owner_id == acting_user.pk:
        raise ItemRefused(_("This is your own item."))
    body = body.strip()
    if not body:
        raise ItemRefused(_("Write a message first."))
    intro = _("About “%(title)s” in the marketplace:") % {"title": item.title}
    # send_message checks membership, blocks, length and the rate limits; it may raise.
    message = send_message(item.owner, body=f"{intro}\n\n{body}", acting_user=acting_user)
    Reaction.objects.update_or_create(
        item=item, member=acting_user, defaults={"conversation_id": message.conversation_id}
    )
    logger.info("Marketplace reaction", extra={"item_id": item.pk, "message_id": message.pk})
    return message


@transaction.atomic
def hide_item(item: Item, *, reason: str, acting_user: User) -> Decision:
    """The buurtverbinder hides an item; the owner is told why. Kept in the moderation log."""
    if not can_moderate(acting_user):
        raise ItemRefused(_("Only a buurtverbinder can hide this."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write down why: the owner will read this.")})
    item = _locked(item)
    if item.moderation_state != ContentState.VISIBLE:
        raise ItemRefused(_("This item is hidden already."))
    item.moderation_state = ContentState.HIDDEN
    item.save(update_fields=["moderation_state", "updated_at"])
    decision = Decision.objects.create(
        moderator=acting_user,
        action=Decision.Action.HIDE,
        kind="marketplace",
        object_id=item.pk,
        member=item.owner,
        reason=reason,
    )
    member_actions.notify(
        item.owner,
        kind=NoticeKind.MODERATION,
        title=_("The buurtverbinder has hidden your %(what)s") % {"what": _("marketplace item")},
        body=_("Reason: %(reason)s") % {"reason": reason},
        url=f"/marktplaats/{item.pk}/",
    )
    logger.info("Marketplace item hidden", extra={"item_id": item.pk, "decision_id": decision.pk})
    return decision


@transaction.atomic
def set_item_moderation_state(item: Item, *, state: str, acting_user: User) -> Item:
    """Moderation through a report: hide, show again, or remove (the text is erased)."""
    item = _locked(item)
    item.moderation_state = state
    fields = ["moderation_state", "updated_at"]
    if state == ContentState.REMOVED:
        item.description = ""
        fields.append("description")
        names = list(item.photos.values_list("file", flat=True))
        item.photos.all().delete()
        transaction.on_commit(lambda: _delete_files(names))
    item.save(update_fields=fields)
    return item


def erase_marketplace_data(member: User) -> None:
    """Leaving: the member's items and their photos go; reservations for them are undone."""
    names = list(Photo.objects.filter(item__owner=member).values_list("file", flat=True))
    Item.objects.filter(owner=member).delete()
    Item.objects.filter(reserved_for=member).update(reserved_for=None, state=Item.State.AVAILABLE)
    Reaction.objects.filter(member=member).delete()
    if names:
        transaction.on_commit(lambda: _delete_files(names))


# Helpers ------------------------------------------------------------------------------------


def _locked(item: Item) -> Item:
    return Item.objects.select_for_update(of=("self",)).select_related("owner").get(pk=item.pk)


def _check_owner(item: Item, acting_user: User) -> None:
    if item.owner_id != acting_user.pk:
        raise ItemRefused(_("Only the person who placed it can change this."))
    if item.moderation_state == ContentState.REMOVED:
        raise ItemRefused(_("The buurtverbinder has removed this item."))


def _fill(item: Item, *, kind: str, title: str, description: str, price_cents: int | None) -> None:
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    description = description.strip()
    if kind not in Item.Kind.values:
        errors["kind"] = _("Choose what kind of item it is.")
    if not title:
        errors["title"] = _("Give it a short title.")
    elif len(title) > 100:
        errors["title"] = _("The title is too long. Use at most 100 characters.")
    if len(description) > 2000:
        errors["description"] = _("The description is too long. Use at most 2000 characters.")
    if price_cents is not None:
        if kind != Item.Kind.SALE:
            errors["price"] = _("Only something for sale has a price. Leave the price empty.")
        elif not 0 <= price_cents <= MAX_PRICE_CENTS:
            errors["price"] = _("This price is not possible. Use at most 100.000 euro.")
    if errors:
        raise ValidationError(errors)
    item.kind = kind
    item.title = title
    item.description = description
    item.price_cents = price_cents


def _prepare_photos(photos: Sequence[UploadedFile], *, already: int) -> list[ContentFile[bytes]]:
    """Check every photo before anything is saved (prepare_photo raises a Dutch message)."""
    if already + len(photos) > MAX_PHOTOS:
        raise ValidationError(
            {
                "photos": _("You can add at most %(count)s photos.") % {"count": MAX_PHOTOS},
            }
        )
    prepared = []
    for upload in photos:
        try:
            photo = prepare_photo(upload)
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from error
        photo.name = f"{PHOTO_DIR}/{uuid.uuid4().hex}.jpg"
        prepared.append(photo)
    return prepared


def _save_photos(item: Item, prepared: list[ContentFile[bytes]], *, start: int) -> None:
    for offset, photo in enumerate(prepared):
        name = default_storage.save(photo.name, photo)
        Photo.objects.create(item=item, file=name, position=start + offset)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
