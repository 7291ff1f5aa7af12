"""Writes for clubs: adding and changing a club, joining and leaving, admins."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from clubs.models import Club, ClubMembership
from members.permissions import is_member

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClubDetails:
    name: str
    description: str
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""


def _apply(club: Club, details: ClubDetails) -> None:
    club.name = details.name.strip()
    club.description = details.description.strip()
    club.contact_name = details.contact_name.strip()
    club.contact_email = details.contact_email.strip()
    club.contact_phone = details.contact_phone.strip()
    club.website = details.website.strip()


def _name_taken(name: str, *, exclude: int | None = None) -> bool:
    clubs = Club.objects.filter(name__iexact=name.strip())
    if exclude is not None:
        clubs = clubs.exclude(pk=exclude)
    return clubs.exists()


@transaction.atomic
def create_club(*, details: ClubDetails, acting_user: User) -> Club:
    """Add a club; the buurtverbinder who adds it can then choose its admins."""
    if _name_taken(details.name):
        raise ValidationError(_("There is already a club with this name."))
    club = Club()
    _apply(club, details)
    club.save()
    logger.info("Club created", extra={"club_id": club.pk, "user_id": acting_user.pk})
    return club


@transaction.atomic
def update_club(club: Club, *, details: ClubDetails, acting_user: User) -> Club:
    if _name_taken(details.name, exclude=club.pk):
        raise ValidationError(_("There is already a club with this name."))
    _apply(club, details)
    club.save()
    logger.info("Club changed", extra={"club_id": club.pk, "user_id": acting_user.pk})
    return club


@transaction.atomic
def join_club(club: Club, *, show_on_page: bool, acting_user: User) -> ClubMembership:
    """Join `club`; joining twice changes only whether the member shows on the page."""
    if not is_member(acting_user):
        raise ValidationError(_("Only members of the buurtsite can join a club."))
    try:
        with transaction.atomic():
            membership, created = ClubMembership.objects.get_or_create(
                club=club, member=acting_user, defaults={"show_on_page": show_on_page}
            )
    except IntegrityError:  # joined at the same moment in another tab
        membership, created = ClubMembership.objects.get(club=club, member=acting_user), False
    if not created and membership.show_on_page != show_on_page:
        membership.show_on_page = show_on_page
        membership.save(update_fields=["show_on_page"])
    logger.info("Club joined", extra={"club_id": club.pk, "membership_id": membership.pk})
    return membership


@transaction.atomic
def leave_club(club: Club, *, acting_user: User) -> None:
    ClubMembership.objects.filter(club=club, member=acting_user).delete()
    logger.info("Club left", extra={"club_id": club.pk, "user_id": acting_user.pk})


@transaction.atomic
def set_shown_on_page(club: Club, *, show_on_page: bool, acting_user: User) -> None:
    updated = ClubMembership.objects.filter(club=club, member=acting_user).update(
        show_on_page=show_on_page
    )
    if not updated:
        raise ValidationError(_("You are not a member of this club."))


@transaction.atomic
def set_club_admin(club: Club, member: User, *, admin: bool, acting_user: User) -> ClubMembership:
    """Make a member (who joins if needed) an admin of the club, or an ordinary member again."""
    if not is_member(member):
        raise ValidationError(_("Only members of the buurtsite can run a club."))
    membership, _created = ClubMembership.objects.get_or_create(club=club, member=member)
    membership.role = ClubMembership.Role.ADMIN if admin else ClubMembership.Role.MEMBER
    membership.save(update_fields=["role"])
    logger.info(
        "Club admin changed",
        extra={"club_id": club.pk, "membership_id": membership.pk, "user_id": acting_user.pk},
    )
    return membership


def erase_club_data(member: User) -> None:
    """Leaving the buurtsite: the member leaves every club."""
    ClubMembership.objects.filter(member=member).delete()
