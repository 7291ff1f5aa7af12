"""The marketplace's part of the weekly digest: what neighbours placed since the last one."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from accounts.models import User
from digest.sections import DigestItem, DigestSection
from marketplace.models import Item
from marketplace.selectors import new_items_since

SHOWN = 5


def new_items_section(member: User, since: datetime) -> DigestSection | None:
    items = list(new_items_since(since, exclude_owner=member)[:SHOWN])
    if not items:
        return None
    return DigestSection(
        key="marketplace",
        title=_("New in the marketplace"),
        items=[
            DigestItem(title=item.title, url=f"/marktplaats/{item.pk}/", detail=_label(item))
            for item in items
        ],
    )


def _label(item: Item) -> str:
    return str(Item.Kind(item.kind).label)
