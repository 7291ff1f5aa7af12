"""Reads for the agenda: upcoming and past activities, one activity, who signed up."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from agenda.models import Activity, SignUp
from clubs.models import Club

PAGE_SIZE = 20
FEED_PAST_DAYS = 90


def _count_of(status: str) -> Coalesce:
    # A correlated subquery, not a JOIN with GROUP BY: only the page's rows are counted.
    rows = (
        SignUp.objects.filter(activity=OuterRef("pk"), status=status)
        .order_by()
        .values("activity")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows), 0)


def _with_counts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.select_related("club", "organiser").annotate(
        confirmed_count=_count_of(SignUp.Status.CONFIRMED),
        waiting_count=_count_of(SignUp.Status.WAITING),
    )


def upcoming_activities(*, today: date | None = None) -> QuerySet[Activity]:
    today = today or timezone.localdate()
    return _with_counts(Activity.objects.filter(date__gte=today)).order_by(
        "date", "start_time", "id"
    )


def past_activities(*, today: date | None = None) -> QuerySet[Activity]:
    today = today or timezone.localdate()
    return _with_counts(Activity.objects.filter(date__lt=today)).order_by(
        "-date", "-start_time", "-id"
    )


def get_activity(activity_id: int) -> Activity | None:
    return _with_counts(Activity.objects.filter(pk=activity_id)).first()


def sign_up_of(activity: Activity, user: User) -> SignUp | None:
    return SignUp.objects.filter(activity=activity, member=user).first()


def waiting_position(sign_up: SignUp) -> int:
    """1 for the first on the waiting list."""
    return (
        SignUp.objects.filter(
            activity_id=sign_up.activity_id,
            status=SignUp.Status.WAITING,
        )
        .filter(
            Q(created_at__lt=sign_up.created_at)
            | Q(created_at=sign_up.created_at, id__lt=sign_up.pk)
        )
        .count()
        + 1
    )


def sign_ups_for(activity: Activity) -> list[SignUp]:
    return list(
        SignUp.objects.filter(activity=activity)
        .select_related("member")
        .order_by("status", "created_at", "id")
    )


def activities_of_club(club: Club, *, limit: int = 5) -> list[Activity]:
    return list(
        Activity.objects.filter(club=club, date__gte=timezone.localdate()).order_by(
            "date", "start_time", "id"
        )[:limit]
    )


def feed_activities(*, today: date | None = None) -> list[Activity]:
    """For the calendar feed: everything upcoming and the last three months."""
    today = today or timezone.localdate()
    return list(
        Activity.objects.filter(date__gte=today - timedelta(days=FEED_PAST_DAYS))
        .select_related("club", "organiser")
        .order_by("date", "start_time", "id")
    )


def feed_version(*, today: date | None = None) -> str:
    """Changes whenever the feed's content would: the day, an activity or a club changed."""
    today = today or timezone.localdate()
    facts = Activity.objects.filter(date__gte=today - timedelta(days=FEED_PAST_DAYS)).aggregate(
        count=Count("pk"), changed=Max("updated_at"), last=Max("pk")
    )
    club_changed = Club.objects.aggregate(changed=Max("updated_at"))["changed"]
    stamps = [
        str(value.timestamp()) if value else "-" for value in (facts["changed"], club_changed)
    ]
    return ":".join([today.isoformat(), str(facts["count"]), str(facts["last"]), *stamps])


def agenda_data(member: User) -> dict[str, Any]:
    """agenda's part of the data export: what the member signed up for and organised."""
    return {
        "activity_sign_ups": [
            {
                "activity": sign_up.activity.title,
                "date": sign_up.activity.date.isoformat(),
                "status": sign_up.status,
                "signed_up": sign_up.created_at.isoformat(),
            }
            for sign_up in SignUp.objects.filter(member=member)
            .select_related("activity")
            .order_by("created_at", "id")
        ],
        "activities_organised": [
            {"activity": activity.title, "date": activity.date.isoformat()}
            for activity in Activity.objects.filter(organiser=member).order_by("date", "id")
        ],
    }
