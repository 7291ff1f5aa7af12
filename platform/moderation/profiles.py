"""Profiles as reportable content: what a member wrote about themselves, and their photo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from members import actions as member_actions
from members.models import Profile
from members.permissions import can_view_profile
from moderation.models import ContentState
from moderation.registry import Moderatable


def _get(object_id: int) -> Profile | None:
    profile = Profile.objects.select_related("user").filter(user_id=object_id).first()
    if profile is None:
        user = User.objects.filter(pk=object_id).first()
        return Profile(user=user) if user is not None else None
    return profile


def _excerpt(profile: Profile) -> str:
    parts = [profile.user.display_name, profile.area, profile.about, profile.offer]
    if profile.pk:
        parts += [topic.name for topic in profile.skills.all()]
        parts += [topic.name for topic in profile.interests.all()]
    return "\n".join(part for part in parts if part)


def _state(profile: Profile) -> str:
    return ContentState.HIDDEN if profile.is_hidden else ContentState.VISIBLE


def _set_state(profile: Profile, state: str, acting_user: User) -> None:
    if state == ContentState.REMOVED:
        member_actions.clear_profile_content(profile.user, acting_user=acting_user)
    else:
        member_actions.set_profile_hidden(
            profile.user, hidden=state == ContentState.HIDDEN, acting_user=acting_user
        )


def _visible_to(user: User, profile: Profile) -> bool:
    return user.pk != profile.user_id and can_view_profile(user, profile.user)


PROFILES = Moderatable(
    kind="profile",
    label=_("profile"),
    get=_get,
    author=lambda profile: profile.user,
    excerpt=_excerpt,
    visible_to=_visible_to,
    state=_state,
    set_state=_set_state,
    url=lambda profile: f"/buren/{profile.user_id}/",
)
