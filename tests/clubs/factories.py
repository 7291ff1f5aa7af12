"""Clubs, articles and activities for tests, made through the real actions."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

from django.utils import timezone

from accounts.models import User
from agenda.actions import ActivityDetails, save_activity
from agenda.models import Activity
from clubs.actions import ClubDetails, create_club, set_club_admin
from clubs.models import Club
from news.actions import ArticleDraft, save_article
from news.models import Article

_numbers = itertools.count(1)


def make_club(*, name: str = "", acting_user: User, admin: User | None = None) -> Club:
    club = create_club(
        details=ClubDetails(
            name=name or f"Club {next(_numbers)}",
            description="Samen wandelen door de Ooijpolder, elke zaterdag.",
            contact_name="Sanne de Wit",
            contact_email="wandelclub@example.nl",
        ),
        acting_user=acting_user,
    )
    if admin is not None:
        set_club_admin(club, admin, admin=True, acting_user=acting_user)
    return club


def make_article(
    *,
    author: User,
    title: str = "",
    body: str = "<p>Het buurthuis is weer open.</p>",
    publish: bool = True,
    club: Club | None = None,
) -> Article:
    return save_article(
        None,
        draft=ArticleDraft(
            title=title or f"Nieuws {next(_numbers)}", body=body, summary="Kort", club=club
        ),
        publish=publish,
        acting_user=author,
    )


def make_activity(
    *,
    organiser: User,
    title: str = "",
    on: date | None = None,
    start: time = time(19, 30),
    end: time | None = time(21, 0),
    capacity: int | None = None,
    club: Club | None = None,
    place: str = "Buurthuis De Klokkenberg",
) -> Activity:
    return save_activity(
        None,
        details=ActivityDetails(
            title=title or f"Activiteit {next(_numbers)}",
            description="Gezellig samen.",
            date=on or timezone.localdate() + timedelta(days=7),
            start_time=start,
            end_time=end,
            place=place,
            capacity=capacity,
            club=club,
        ),
        acting_user=organiser,
    )
