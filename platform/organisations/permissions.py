"""Who may do what in the organisation portal: the one place this is decided.

Staff of an organisation edit only their own organisation: every object is looked up within
`request.organisation`, so another organisation's id answers 404. Admins also manage the team
and the buurtsites served; editors keep the profile, services, locations and professionals.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, overload

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from accounts.models import User
from organisations.models import MembershipRole, Organisation, OrganisationMembership

View = Callable[..., HttpResponseBase]

SESSION_KEY = "portal_organisation_id"


def membership_of(user: Any, organisation: Organisation) -> OrganisationMembership | None:
    if not (user.is_authenticated and user.is_active):
        return None
    return OrganisationMembership.objects.filter(user=user, organisation=organisation).first()


def is_organisation_admin(user: Any, organisation: Organisation) -> bool:
    membership = membership_of(user, organisation)
    return membership is not None and membership.role == MembershipRole.ADMIN


def current_membership(request: HttpRequest) -> OrganisationMembership | None:
    """The membership the portal works on: the one chosen in this session, else the first."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return None
    memberships = OrganisationMembership.objects.filter(user=user).select_related(
        "organisation", "organisation__municipality"
    )
    chosen = request.session.get(SESSION_KEY)
    if isinstance(chosen, int):
        membership = memberships.filter(organisation_id=chosen).first()
        if membership is not None:
            return membership
    return memberships.order_by("organisation__name", "organisation_id").first()


class PortalRequest(HttpRequest):
    """The request a portal view receives: a signed-in member of `organisation`."""

    user: User
    organisation: Organisation
    membership: OrganisationMembership


def _portal(view: View, *, admin: bool) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if getattr(request, "buurtsite", None) is not None:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="account_login")
        membership = current_membership(request)
        if membership is None:
            return redirect("organisations:no_organisation")
        if admin and membership.role != MembershipRole.ADMIN:
            raise PermissionDenied
        request.organisation = membership.organisation  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


@overload
def portal_required(view: View, *, admin: bool = False) -> View: ...
@overload
def portal_required(view: None = None, *, admin: bool = False) -> Callable[[View], View]: ...
def portal_required(view: View | None = None, *, admin: bool = False) -> Any:
    """Platform host only (the URLs live there); a member of an organisation. Sets
    `request.organisation` and `request.membership` (the session's chosen organisation).
    `@portal_required(admin=True)`: admins only, 403 for editors."""
    if view is None:
        return lambda inner: _portal(inner, admin=admin)
    return _portal(view, admin=admin)


def portal_admin_required(view: View) -> View:
    """As portal_required, and an admin of that organisation (403 for editors)."""
    return _portal(view, admin=True)
