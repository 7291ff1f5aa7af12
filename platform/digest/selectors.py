"""Reads for the weekly digest: who gets it, and what each batch needs to know."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Max, QuerySet
from django.utils import timezone

from accounts.models import User
from digest.models import DigestSend
from members.models import Profile

LOOK_BACK = timedelta(days=7)


def week_of(moment: datetime) -> date:
    """The Monday of the (local) week `moment` falls in: the key of that week's digest."""
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def subscribers() -> QuerySet[User]:
    """Active members who chose the weekly digest."""
    return User.objects.filter(
        is_active=True,
        profile__status=Profile.Status.ACTIVE,
        profile__weekly_digest=True,
    ).order_by("pk")


def subscriber_ids() -> list[int]:
    return list(subscribers().values_list("pk", flat=True))


def already_sent(member_ids: list[int], *, week: date) -> set[int]:
    return set(
        DigestSend.objects.filter(week=week, member_id__in=member_ids).values_list(
            "member_id", flat=True
        )
    )


def since_for(member_ids: list[int], *, now: datetime) -> dict[int, datetime]:
    """From when each member's digest collects news: their last digest, at most a week ago."""
    floor = now - LOOK_BACK
    last = dict(
        DigestSend.objects.filter(member_id__in=member_ids, sent_at__gt=floor)
        .values("member_id")
        .annotate(last=Max("sent_at"))
        .values_list("member_id", "last")
    )
    return {member_id: last.get(member_id, floor) for member_id in member_ids}
