"""The clubs' part of the weekly digest: clubs that started since the last one."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from accounts.models import User
from clubs.models import Club
from digest.sections import DigestItem, DigestSection

SHOWN = 5


def new_clubs_section(member: User, since: datetime) -> DigestSection | None:
    clubs = list(Club.objects.filter(created_at__gt=since).order_by("-created_at", "-id")[:SHOWN])
    if not clubs:
        return None
    return DigestSection(
        key="clubs",
        title=_("New clubs"),
        items=[
            DigestItem(title=club.name, url=club.get_absolute_url(), detail=_summary(club))
            for club in clubs
        ],
    )


def _summary(club: Club) -> str:
    text = " ".join(club.description.split())
    return text if len(text) <= 140 else text[:139].rstrip() + "…"
