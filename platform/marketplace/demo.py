"""A few realistic Dutch marketplace items for the demo buurtsites (`make run`)."""

from __future__ import annotations

from accounts.models import User
from marketplace.actions import create_item
from marketplace.models import Item

# (kind, title, description, price in cents, role of the owner)
DEMO_ITEMS = [
    (
        Item.Kind.SALE,
        "Kinderfiets 20 inch",
        "Blauwe kinderfiets met handrem, voor een kind van ongeveer 6 tot 9 jaar. "
        "De banden zijn net nieuw.",
        2500,
        User.Role.RESIDENT,
    ),
    (
        Item.Kind.GIVE,
        "Stapel boeken van Thea Beckman",
        "Onze kinderen zijn eruit gegroeid. Gratis af te halen, graag voor het weekend.",
        None,
        User.Role.RESIDENT,
    ),
    (
        Item.Kind.LEND,
        "Ladder van drie meter",
        "Staat in de schuur van het buurthuis. Je mag hem een weekend lenen.",
        None,
        User.Role.BUURTVERBINDER,
    ),
    (
        Item.Kind.WANTED,
        "Gezocht: naaimachine voor een paar dagen",
        "Ik wil gordijnen korter maken. Wie leent me een naaimachine? Ik breng hem netjes terug.",
        None,
        User.Role.RESIDENT,
    ),
]


def load_demo_marketplace(slug: str, members: dict[str, User]) -> None:
    """Place each demo item once; running it again changes nothing."""
    for kind, title, description, price_cents, role in DEMO_ITEMS:
        owner = members[role]
        if Item.objects.filter(owner=owner, title=title).exists():
            continue
        create_item(
            kind=kind,
            title=title,
            description=description,
            price_cents=price_cents,
            acting_user=owner,
        )
