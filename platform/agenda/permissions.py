"""Who may plan and change activities. Roles come from members.permissions; club admins may
plan activities for their own club (clubs.permissions)."""

from __future__ import annotations

from accounts.models import User
from agenda.models import Activity
from clubs.permissions import administers_a_club, is_club_admin
from members.permissions import AnyUser, can_moderate, can_plan_activities, is_member


def can_add_activities(user: AnyUser) -> bool:
    return can_plan_activities(user) or administers_a_club(user)


def can_edit_activity(user: AnyUser, activity: Activity) -> bool:
    if not isinstance(user, User) or not is_member(user):
        return False
    if can_moderate(user):
        return True
    if activity.club is not None and is_club_admin(user, activity.club):
        return True
    return activity.organiser_id == user.pk and can_add_activities(user)


def can_see_sign_ups(user: AnyUser, activity: Activity) -> bool:
    """Who signed up is for the organiser and the buurtverbinder, not for everyone."""
    return can_edit_activity(user, activity)


def can_sign_up(user: AnyUser) -> bool:
    return is_member(user)
