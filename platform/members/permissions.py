"""Who may do what on a buurtsite: the one place where permissions are decided.

Every view of members, messaging and moderation is guarded by `require(<check>)` with one of
the checks below; templates ask the same functions (through `viewer_can` in the context).

| check                | resident | organisation | municipality | buurtverbinder |
|----------------------|----------|--------------|--------------|----------------|
| has_account          | yes      | yes          | yes          | yes            |
| is_member            | yes      | yes          | yes          | yes            |
| can_manage_members   | no       | no           | no           | yes            |
| can_moderate         | no       | no           | no           | yes            |
| can_keep_social_map  | no       | no           | no           | yes            |
| can_refer            | no       | no           | no           | yes            |
| can_view_figures     | no       | no           | yes          | yes            |
| can_publish_participation | no  | no         | yes          | yes            |
| can_export_participation  | no  | no         | yes          | yes            |
| can_publish_news     | no       | yes          | yes          | yes            |
| can_plan_activities  | no       | yes          | yes          | yes            |
| can_manage_clubs     | no       | no           | no           | yes            |
| can_edit_theme       | no       | no           | no           | yes            |

A member is someone with an account in this buurtsite's schema whose membership is active: not
waiting for approval, not blocked. Accounts live in the buurtsite's own schema, so a
buurtverbinder can only ever manage the members of their own buurtsite.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from accounts.models import User
from members.models import Profile, Visibility

AnyUser: TypeAlias = User | AnonymousUser
View: TypeAlias = Callable[..., HttpResponseBase]

_MANAGING_ROLES: frozenset[str] = frozenset({User.Role.BUURTVERBINDER.value})
# Announcements, polls and consultations come from the municipality or the buurtverbinder.
_PARTICIPATION_ROLES: frozenset[str] = frozenset(
    {User.Role.BUURTVERBINDER.value, User.Role.MUNICIPALITY.value}
)


class MemberRequest(HttpRequest):
    """The request a view guarded by `require` receives: someone is signed in."""

    user: User


def membership_status(user: AnyUser) -> str | None:
    """The member's status, or None for a visitor. Accounts made without the sign-up form
    (the demo, a buurtverbinder invited by provisioning) have no profile yet and are active."""
    if not isinstance(user, User) or not user.is_active:
        return None
    profile = cached_profile(user)
    return profile.status if profile is not None else Profile.Status.ACTIVE


def cached_profile(user: User) -> Profile | None:
    """The member's profile through the reverse relation, which Django caches on `user`."""
    try:
        profile: Profile = user.profile
    except Profile.DoesNotExist:
        return None
    return profile


def has_account(user: AnyUser) -> bool:
    """Signed in with an account that may be used: also while waiting for approval.

    Enough to see your own notices, change your choices, download your data and leave.
    """
    return membership_status(user) in {Profile.Status.ACTIVE, Profile.Status.PENDING}


def is_member(user: AnyUser) -> bool:
    return membership_status(user) == Profile.Status.ACTIVE


def is_waiting_for_approval(user: AnyUser) -> bool:
    return membership_status(user) == Profile.Status.PENDING


def can_manage_members(user: AnyUser) -> bool:
    return isinstance(user, User) and is_member(user) and user.role in _MANAGING_ROLES


def can_moderate(user: AnyUser) -> bool:
    return isinstance(user, User) and is_member(user) and user.role in _MANAGING_ROLES


def can_keep_social_map(user: AnyUser) -> bool:
    """Keep the local entries of the social map and review organisations' changes."""
    return isinstance(user, User) and is_member(user) and user.role in _MANAGING_ROLES


_PUBLISHING_ROLES: frozenset[str] = frozenset(
    {
        User.Role.BUURTVERBINDER.value,
        User.Role.ORGANISATION.value,
        User.Role.MUNICIPALITY.value,
    }
)


def can_publish_news(user: AnyUser) -> bool:
    """Write and publish news for the whole buurtsite (club admins may for their club:
    clubs.permissions)."""
    return isinstance(user, User) and is_member(user) and user.role in _PUBLISHING_ROLES


def can_plan_activities(user: AnyUser) -> bool:
    """Put activities in the agenda (club admins may for their club: clubs.permissions)."""
    return isinstance(user, User) and is_member(user) and user.role in _PUBLISHING_ROLES


def can_manage_clubs(user: AnyUser) -> bool:
    """Add clubs and choose their admins."""
    return isinstance(user, User) and is_member(user) and user.role in _MANAGING_ROLES


def can_edit_theme(user: AnyUser) -> bool:
    """Change this buurtsite's colours, logo and photos (themes; operators do so on the
    platform host: themes.permissions)."""
    return isinstance(user, User) and is_member(user) and user.role in _MANAGING_ROLES


def can_publish_participation(user: AnyUser) -> bool:
    """Publish announcements, polls and consultations (participation)."""
    return isinstance(user, User) and is_member(user) and user.role in _PARTICIPATION_ROLES


def can_export_participation(user: AnyUser) -> bool:
    """Download the results of polls and consultations for the municipality."""
    return isinstance(user, User) and is_member(user) and user.role in _PARTICIPATION_ROLES


def can_refer(user: AnyUser) -> bool:
    """See every help request, refer it and follow it up (referrals)."""
    return isinstance(user, User) and is_member(user) and user.role in _MANAGING_ROLES


def can_view_figures(user: AnyUser) -> bool:
    """The monthly figures of the buurtsite: its buurtverbinders and the municipality's staff."""
    return (
        isinstance(user, User)
        and is_member(user)
        and user.role in {User.Role.BUURTVERBINDER.value, User.Role.MUNICIPALITY.value}
    )


def can_manage_member(user: AnyUser, member: User) -> bool:
    """Approve, block or change the role of `member`: never yourself."""
    return can_manage_members(user) and user.pk != member.pk


def can_view_profile(user: AnyUser, member: User) -> bool:
    if not is_member(user):
        return False
    if user.pk == member.pk or can_manage_members(user):
        return True
    return is_member(member)


def can_see(user: AnyUser, profile: Profile, visibility: str) -> bool:
    """Whether `user` may see a part of `profile` whose owner chose `visibility` for it."""
    if user.pk == profile.user_id or can_manage_members(user):
        return True
    if profile.is_hidden:
        return False
    return visibility == Visibility.MEMBERS and is_member(user)


def require(check: Callable[[AnyUser], bool]) -> Callable[[View], View]:
    """Guard a view: visitors go to the sign-in page, members without the right get a 403."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
            if check(user):
                return view(request, *args, **kwargs)
            template = (
                "members/waiting.html"
                if is_waiting_for_approval(user)
                else "members/forbidden.html"
            )
            return render(request, template, status=403)

        guarded.required_check = check  # type: ignore[attr-defined]
        return guarded

    return decorator
