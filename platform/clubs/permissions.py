"""Who may act for a club: the buurtverbinder for every club, a club admin for their own.

The roles themselves are decided in members.permissions; this module adds what depends on
club membership, which members cannot know about.
"""

from __future__ import annotations

from accounts.models import User
from clubs.models import Club, ClubMembership
from members.permissions import AnyUser, can_manage_clubs, is_member


def is_club_admin(user: AnyUser, club: Club) -> bool:
    if not isinstance(user, User) or not is_member(user):
        return False
    if can_manage_clubs(user):
        return True
    return ClubMembership.objects.filter(
        club=club, member=user, role=ClubMembership.Role.ADMIN
    ).exists()


def administers_a_club(user: AnyUser) -> bool:
    """The member is the admin of at least one club (and so may publish for it)."""
    return (
        isinstance(user, User)
        and is_member(user)
        and ClubMembership.objects.filter(member=user, role=ClubMembership.Role.ADMIN).exists()
    )
