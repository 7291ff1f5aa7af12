"""Reads for clubs: the list, one club, who shows on its page, what a member may publish for."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from clubs.models import Club, ClubMembership
from members.models import Profile
from members.permissions import AnyUser, can_manage_clubs

PAGE_SIZE = 20


def _member_count() -> Coalesce:
    # A correlated subquery, not a JOIN with GROUP BY: only the page's clubs are counted.
    rows = (
        ClubMembership.objects.filter(club=OuterRef("pk"))
        .order_by()
        .values("club")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows), 0)


def club_list() -> QuerySet[Club]:
    """Every club with its number of members, by name."""
    return Club.objects.annotate(member_count=_member_count()).order_by("name", "id")


def get_club(club_id: int) -> Club | None:
    return Club.objects.annotate(member_count=_member_count()).filter(pk=club_id).first()


def shown_members(club: Club) -> list[ClubMembership]:
    """Members who chose to show on the club's page (active, not hidden by moderation),
    admins first."""
    return list(
        ClubMembership.objects.filter(club=club, show_on_page=True, member__is_active=True)
        .filter(Q(member__profile__isnull=True) | Q(member__profile__status=Profile.Status.ACTIVE))
        # A profile the buurtverbinder hid is not shown on club pages either.
        .exclude(member__profile__is_hidden=True)
        .select_related("member")
        .order_by("role", "member__display_name", "id")  # "admin" before "member"
    )


def admins_of(club: Club) -> list[ClubMembership]:
    return list(
        ClubMembership.objects.filter(club=club, role=ClubMembership.Role.ADMIN)
        .select_related("member")
        .order_by("member__display_name", "id")
    )


def membership_of(club: Club, user: AnyUser) -> ClubMembership | None:
    if not isinstance(user, User):
        return None
    return ClubMembership.objects.filter(club=club, member=user).first()


def clubs_for_publishing(user: AnyUser) -> QuerySet[Club]:
    """The clubs `user` may publish news or activities for: all for the buurtverbinder,
    otherwise those they are admin of."""
    if not isinstance(user, User):
        return Club.objects.none()
    if can_manage_clubs(user):
        return Club.objects.order_by("name", "id")
    return Club.objects.filter(
        memberships__member=user, memberships__role=ClubMembership.Role.ADMIN
    ).order_by("name", "id")


def clubs_of_member(user: User) -> QuerySet[Club]:
    return Club.objects.filter(memberships__member=user).order_by("name", "id")


def clubs_data(member: User) -> dict[str, Any]:
    """clubs' part of the data export: the clubs the member joined and what they chose."""
    return {
        "club_memberships": [
            {
                "club": membership.club.name,
                "role": membership.role,
                "shown_on_club_page": membership.show_on_page,
                "joined": membership.joined_at.isoformat(),
            }
            for membership in ClubMembership.objects.filter(member=member)
            .select_related("club")
            .order_by("joined_at", "id")
        ]
    }
