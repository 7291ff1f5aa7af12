"""Writes for the agenda: planning activities, signing up, the waiting list.

Signing up and cancelling lock the activity's row first (SELECT ... FOR UPDATE), so two
neighbours taking the last place at the same moment are served one after the other: the
second ends up on the waiting list, never over capacity.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agenda.models import Activity, SignUp
from agenda.permissions import can_edit_activity, can_sign_up
from agenda.tasks import email_moved_up
from clubs.models import Club
from clubs.selectors import clubs_for_publishing
from members.permissions import can_plan_activities

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ActivityDetails:
    title: str
    description: str
    date: date
    start_time: time
    place: str
    end_time: time | None = None
    capacity: int | None = None
    club: Club | None = None


def _check_details(details: ActivityDetails, acting_user: User) -> None:
    if details.club is None:
        if not can_plan_activities(acting_user):
            raise ValidationError(_("Choose the club that organises this activity."))
    elif not clubs_for_publishing(acting_user).filter(pk=details.club.pk).exists():
        raise ValidationError(_("You cannot plan activities for this club."))
    if details.end_time is not None and details.end_time <= details.start_time:
        raise ValidationError(_("The end time must be after the start time."))
    if details.capacity is not None and details.capacity < 1:
        raise ValidationError(_("The number of places must be at least 1, or leave it empty."))


@transaction.atomic
def save_activity(
    activity: Activity | None, *, details: ActivityDetails, acting_user: User
) -> Activity:
    """Plan a new activity or change one. More places move people up from the waiting list;
    fewer places than already signed up is refused. Raises ValidationError in Dutch."""
    _check_details(details, acting_user)
    if activity is None:
        if details.date < timezone.localdate():
            raise ValidationError(_("Choose a date today or later."))
        activity = Activity(organiser=acting_user)
    else:
        if not can_edit_activity(acting_user, activity):
            raise ValidationError(_("You cannot change this activity."))
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        confirmed = activity.signups.filter(status=SignUp.Status.CONFIRMED).count()
        if details.capacity is not None and details.capacity < confirmed:
            raise ValidationError(
                _(
                    "%(count)s neighbours have already signed up. "
                    "The number of places cannot be lower than that."
                )
                % {"count": confirmed}
            )
    activity.title = details.title.strip()
    activity.description = details.description.strip()
    activity.date = details.date
    activity.start_time = details.start_time
    activity.end_time = details.end_time
    activity.place = details.place.strip()
    activity.capacity = details.capacity
    activity.club = details.club
    activity.save()
    _fill_free_places(activity)
    logger.info("Activity saved", extra={"activity_id": activity.pk, "user_id": acting_user.pk})
    return activity


@transaction.atomic
def sign_up(activity: Activity, *, acting_user: User) -> SignUp:
    """Sign the member up, or put them on the waiting list when the activity is full."""
    if not can_sign_up(acting_user):
        raise ValidationError(_("Only members of the buurtsite can sign up."))
    # The lock: everyone signing up for this activity waits here for the one before them.
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.date < timezone.localdate():
        raise ValidationError(_("This activity has already taken place."))
    if SignUp.objects.filter(activity=locked, member=acting_user).exists():
        raise ValidationError(_("You have already signed up for this activity."))
    full = (
        locked.capacity is not None
        and locked.signups.filter(status=SignUp.Status.CONFIRMED).count() >= locked.capacity
    )
    entry = SignUp.objects.create(
        activity=locked,
        member=acting_user,
        status=SignUp.Status.WAITING if full else SignUp.Status.CONFIRMED,
    )
    logger.info(
        "Signed up for activity",
        extra={"activity_id": locked.pk, "signup_id": entry.pk, "status": entry.status},
    )
    return entry


@transaction.atomic
def cancel_sign_up(activity: Activity, *, acting_user: User) -> None:
    """Take the member off the activity; a freed place goes to the first on the waiting list,
    who gets an e-mail."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    deleted, _counts = SignUp.objects.filter(activity=locked, member=acting_user).delete()
    if not deleted:
        raise ValidationError(_("You had not signed up for this activity."))
    _fill_free_places(locked)
    logger.info("Sign-up cancelled", extra={"activity_id": locked.pk, "user_id": acting_user.pk})


def _fill_free_places(activity: Activity) -> list[SignUp]:
    """Move people up from the waiting list while there is room. The caller holds the lock
    on the activity's row."""
    if activity.date < timezone.localdate():
        return []
    waiting = activity.signups.filter(status=SignUp.Status.WAITING).order_by("created_at", "id")
    if activity.capacity is None:
        moving = list(waiting)
    else:
        confirmed = activity.signups.filter(status=SignUp.Status.CONFIRMED).count()
        moving = list(waiting[: max(activity.capacity - confirmed, 0)])
    now = timezone.now()
    for entry in moving:
        entry.status = SignUp.Status.CONFIRMED
        entry.moved_up_at = now
        entry.save(update_fields=["status", "moved_up_at"])
        email_moved_up.delay_on_commit(entry.pk)
        logger.info(
            "Moved up from the waiting list",
            extra={"activity_id": activity.pk, "signup_id": entry.pk},
        )
    return moving


def erase_agenda_data(member: User) -> None:
    """Leaving: the member's sign-ups go (freeing their places for the waiting list);
    activities they organised stay, without the organiser."""
    for activity_id in list(
        SignUp.objects.filter(member=member).values_list("activity_id", flat=True)
    ):
        activity = Activity.objects.get(pk=activity_id)
        cancel_sign_up(activity, acting_user=member)
