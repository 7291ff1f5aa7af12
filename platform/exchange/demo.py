"""A few realistic Dutch requests, offers and a match for the demo buurtsites (`make run`)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from exchange.actions import load_default_categories, record_all_search_words
from exchange.models import Area, Category, Match, Post, Reaction

DEMO_AREAS = {
    "oost": ["Galgenveld", "Bottendaal", "Rond de Berg en Dalseweg", "Hengstdal"],
    "lindenholt": ["De Kamp", "De Wijert", "Rond het winkelcentrum"],
}

# (kind, category, title, description, role of the author)
DEMO_POSTS = [
    (
        Post.Kind.REQUEST,
        "Verhuizen en sjouwen",
        "Wie helpt mij met verhuisdozen naar de zolder?",
        "Ik verhuis binnen de buurt en heb zaterdagochtend twee sterke handen nodig. "
        "Koffie en appeltaart staan klaar!",
        User.Role.RESIDENT,
    ),
    (
        Post.Kind.OFFER,
        "Computer en telefoon",
        "Hulp bij je telefoon of tablet",
        "Lukt WhatsApp of DigiD niet? Ik kom graag even langs om het samen te bekijken.",
        User.Role.BUURTVERBINDER,
    ),
    (
        Post.Kind.REQUEST,
        "Gezelschap en een praatje",
        "Samen een kopje koffie in het café op de hoek",
        "Sinds mijn man overleden is, zit ik veel alleen. Wie drinkt er eens een kopje "
        "koffie met me?",
        User.Role.RESIDENT,
    ),
]


def load_demo_exchange(slug: str, members: dict[str, User]) -> None:
    """Areas, three posts and one thanked match; each only when absent."""
    load_default_categories()
    for position, name in enumerate(DEMO_AREAS.get(slug, []), start=1):
        Area.objects.get_or_create(name=name, defaults={"position": position})
    if Post.objects.exists():
        return
    areas = list(Area.objects.order_by("position"))
    posts = []
    for number, (kind, category, title, description, role) in enumerate(DEMO_POSTS):
        posts.append(
            Post.objects.create(
                kind=kind,
                author=members[role],
                category=Category.objects.get(name=category),
                area=areas[number % len(areas)] if areas else None,
                title=title,
                description=description,
                expires_at=timezone.now() + datetime.timedelta(days=30),
            )
        )
    helped = posts[0]
    neighbour = members[User.Role.BUURTVERBINDER]
    Reaction.objects.create(post=helped, member=neighbour)
    now = timezone.now()
    Match.objects.create(
        post=helped,
        neighbour=neighbour,
        author_confirmed_at=now,
        neighbour_confirmed_at=now,
        matched_at=now,
        thanks="Dankjewel voor het sjouwen! De dozen staan veilig op zolder.",
        thanks_by=helped.author,
        thanks_at=now,
        author_consents=True,
        neighbour_consents=True,
    )
    record_all_search_words()
