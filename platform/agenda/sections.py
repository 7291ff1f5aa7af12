"""The agenda on other pages: the weekly digest and a club's page."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from accounts.models import User
from agenda.models import Activity
from agenda.selectors import activities_of_club
from clubs.models import Club
from clubs.pages import ClubPageItem, ClubPageSection
from digest.sections import DigestItem, DigestSection

SHOWN = 5
DIGEST_DAYS_AHEAD = 14


def _when(activity: Activity) -> str:
    return f"{date_format(activity.date, 'l j F')}, {time_format(activity.start_time, 'H:i')}"


def upcoming_digest_section(member: User, since: datetime) -> DigestSection | None:
    """What is on in the next two weeks (upcoming, not only new: a digest is a look ahead)."""
    today = timezone.localdate()
    activities = list(
        Activity.objects.filter(
            date__gte=today, date__lte=today + timedelta(days=DIGEST_DAYS_AHEAD)
        ).order_by("date", "start_time", "id")[:SHOWN]
    )
    if not activities:
        return None
    return DigestSection(
        key="agenda",
        title=_("Coming up in the buurt"),
        items=[
            DigestItem(
                title=activity.title,
                url=activity.get_absolute_url(),
                detail=f"{_when(activity)} · {activity.place}",
            )
            for activity in activities
        ],
    )


def club_activities_section(club: Club) -> ClubPageSection:
    return ClubPageSection(
        key="agenda",
        title=_("Activities of the club"),
        items=[
            ClubPageItem(
                title=activity.title, url=activity.get_absolute_url(), detail=_when(activity)
            )
            for activity in activities_of_club(club, limit=SHOWN)
        ],
        empty_text=_("This club has no activities planned."),
    )
