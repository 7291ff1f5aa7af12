"""Pages about members: house rules, directory, profiles, privacy, leaving, the buurtverbinder.

Views parse input, call one action or selector and answer. Every view is guarded by
members.permissions.require (or is public on purpose: the house rules).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from members import actions, attention, invitations, selectors
from members.forms import (
    ConfirmDeleteForm,
    DirectorySearchForm,
    InvitationForm,
    JoinCodesForm,
    JoiningForm,
    PhotoForm,
    PrivacyForm,
    ProfileForm,
    RoleForm,
)
from members.models import JoinCode, JoiningMode, Profile
from members.permissions import (
    MemberRequest,
    can_manage_member,
    can_manage_members,
    can_see,
    can_view_profile,
    has_account,
    is_member,
    require,
)
from members.photos import photo_response

logger = logging.getLogger(__name__)


def _bad_request(request: MemberRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context, status=400)


# Public ------------------------------------------------------------------------------------


@require_GET
def house_rules(request: HttpRequest) -> HttpResponse:
    return render(
        request, "members/house_rules.html", {"site_settings": selectors.get_site_settings()}
    )


# Directory and profiles ---------------------------------------------------------------------


@require_GET
@require(is_member)
def directory(request: MemberRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, "members/directory.html", {"form": form, "page": None})
    topic_id = form.cleaned_data.get("topic")
    profiles = selectors.directory(
        viewer=request.user, query=form.cleaned_data.get("q") or "", topic_id=topic_id
    )
    page = Paginator(profiles, selectors.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    topics = selectors.popular_topics(viewer=request.user)
    return render(
        request,
        "members/directory.html",
        {
            "form": form,
            "page": page,
            "cards": [_card(request.user, profile) for profile in page.object_list],
            "topics": topics,
            "topic": next((topic for topic in topics if topic.pk == topic_id), None),
            "searched": bool(form.cleaned_data.get("q") or topic_id),
        },
    )


def _card(viewer: User, profile: Profile) -> dict[str, Any]:
    """What the viewer may see of a profile, decided here once for the template."""
    return {
        "profile": profile,
        "user": profile.user,
        "show_area": bool(profile.area) and can_see(viewer, profile, profile.area_visibility),
        "show_photo": bool(profile.photo) and can_see(viewer, profile, profile.photo_visibility),
        "show_about": can_see(viewer, profile, profile.about_visibility),
    }


@require_GET
@require(is_member)
def profile_detail(request: MemberRequest, member_id: int) -> HttpResponse:
    profile = selectors.profile_page(member_id)
    if profile is None or not can_view_profile(request.user, profile.user):
        raise Http404
    return render(
        request,
        "members/profile_detail.html",
        {"card": _card(request.user, profile), "is_self": profile.user_id == request.user.pk},
    )


@require_GET
@require(is_member)
def profile_photo(request: MemberRequest, member_id: int) -> FileResponse:
    """Photos are served through here, never as public media: privacy choices apply."""
    profile = Profile.objects.filter(user_id=member_id).select_related("user").first()
    if (
        profile is None
        or not profile.photo
        or not can_view_profile(request.user, profile.user)
        or not can_see(request.user, profile, profile.photo_visibility)
    ):
        raise Http404
    return photo_response(profile.photo)


# My profile ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require(is_member)
def edit_profile(request: MemberRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            actions.update_profile(request.user, **form.cleaned_data, acting_user=request.user)
            messages.success(request, _("Your profile has been saved."))
            return redirect("members:edit_profile")
        status = 400
    else:
        form = ProfileForm(
            initial={
                "display_name": request.user.display_name,
                "area": profile.area,
                "about": profile.about,
                "offer": profile.offer,
                "skills": ", ".join(t.name for t in profile.skills.all()) if profile.pk else "",
                "interests": ", ".join(t.name for t in profile.interests.all())
                if profile.pk
                else "",
            }
        )
        status = 200
    return render(
        request,
        "members/edit_profile.html",
        {"form": form, "profile": profile, "photo_form": PhotoForm()},
        status=status,
    )


@require_POST
@require(is_member)
def upload_photo(request: MemberRequest) -> HttpResponse:
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.set_profile_photo(
                request.user, upload=form.cleaned_data["photo"], acting_user=request.user
            )
        except ValidationError as error:
            form.add_error("photo", error)
    if not form.is_valid():
        profile = selectors.profile_of(request.user)
        return render(
            request,
            "members/edit_profile.html",
            {"form": None, "profile": profile, "photo_form": form},
            status=400,
        )
    messages.success(request, _("Your photo has been saved."))
    return redirect("members:edit_profile")


@require_POST
@require(is_member)
def remove_photo(request: MemberRequest) -> HttpResponse:
    actions.remove_profile_photo(request.user, acting_user=request.user)
    messages.success(request, _("Your photo has been removed."))
    return redirect("members:edit_profile")


@require_http_methods(["GET", "POST"])
@require(has_account)
def privacy(request: MemberRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    if request.method == "POST":
        form = PrivacyForm(request.POST)
        if form.is_valid():
            actions.update_privacy(request.user, **form.cleaned_data, acting_user=request.user)
            messages.success(request, _("Your choices have been saved."))
            return redirect("members:privacy")
        return render(request, "members/privacy.html", {"form": form}, status=400)
    return render(request, "members/privacy.html", {"form": PrivacyForm.for_profile(profile)})


@require_GET
@require(has_account)
def my_data(request: MemberRequest) -> HttpResponse:
    return render(request, "members/my_data.html")


@require_GET
@require(has_account)
def export_data(request: MemberRequest) -> HttpResponse:
    data = selectors.export_member_data(request.user)
    logger.info("Member data exported", extra={"user_id": request.user.pk})
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@require(has_account)
def delete_account(request: MemberRequest) -> HttpResponse:
    if request.method == "POST":
        form = ConfirmDeleteForm(request.POST)
        if form.is_valid():
            member = request.user
            logout(request)
            actions.delete_account(member, acting_user=member)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("home")
        return render(request, "members/delete_account.html", {"form": form}, status=400)
    return render(request, "members/delete_account.html", {"form": ConfirmDeleteForm()})


@require_GET
@require(has_account)
def notices(request: MemberRequest) -> HttpResponse:
    page = Paginator(selectors.notices_for(request.user), 30).get_page(request.GET.get("page"))
    unread_ids = {notice.pk for notice in page.object_list if notice.read_at is None}
    actions.mark_notices_read(request.user)
    return render(request, "members/notices.html", {"page": page, "unread_ids": unread_ids})


# The buurtverbinder -------------------------------------------------------------------------


@require_GET
@require(can_manage_members)
def buurtverbinder_home(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "members/buurtverbinder_home.html",
        {"sections": attention.sections_for(request.user)},
    )


@require_GET
@require(can_manage_members)
def manage_members(request: MemberRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET)
    query = (form.cleaned_data.get("q") or "") if form.is_valid() else ""
    page = Paginator(selectors.members_for_management(query=query), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "members/manage_members.html",
        {
            "form": form,
            "page": page,
            "pending": list(selectors.pending_members()),
            "site_settings": selectors.get_site_settings(),
        },
    )


@require_http_methods(["GET", "POST"])
@require(can_manage_members)
def manage_member(request: MemberRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(User.objects.select_related("profile"), pk=member_id)
    form = RoleForm(initial={"role": member.role})
    status = 200
    if request.method == "POST":
        form = RoleForm(request.POST)
        if not can_manage_member(request.user, member):
            form.add_error(None, _("You cannot change your own role."))
        if form.is_valid():
            actions.set_member_role(
                member, role=form.cleaned_data["role"], acting_user=request.user
            )
            messages.success(request, _("The role has been changed."))
            return redirect("members:manage_member", member_id=member.pk)
        status = 400
    return render(
        request,
        "members/manage_member.html",
        {
            "member": member,
            "profile": selectors.profile_of(member),
            "form": form,
            "can_manage": can_manage_member(request.user, member),
        },
        status=status,
    )


@require_POST
@require(can_manage_members)
def approve_member(request: MemberRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=member_id)
    try:
        actions.approve_member(member, acting_user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    messages.success(
        request, _("%(name)s is now a member.") % {"name": member.display_name or member.email}
    )
    return redirect("members:manage_members")


@require_POST
@require(can_manage_members)
def decline_member(request: MemberRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=member_id)
    try:
        actions.decline_member(member, acting_user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("The request to join has been declined."))
    return redirect("members:manage_members")


def _refused(request: MemberRequest, error: ValidationError) -> HttpResponse:
    return render(request, "members/refused.html", {"errors": error.messages}, status=400)


@require_http_methods(["GET", "POST"])
@require(can_manage_members)
def joining_settings(request: MemberRequest) -> HttpResponse:
    site = selectors.get_site_settings()
    if request.method == "POST":
        form = JoiningForm(request.POST)
        if form.is_valid():
            actions.set_joining_mode(
                mode=form.cleaned_data["joining_mode"], acting_user=request.user
            )
            actions.update_house_rules(
                text=form.cleaned_data["house_rules"], acting_user=request.user
            )
            messages.success(request, _("The settings have been saved."))
            return redirect("members:joining_settings")
        return render(request, "members/joining_settings.html", {"form": form}, status=400)
    form = JoiningForm(initial={"joining_mode": site.joining_mode, "house_rules": site.house_rules})
    return render(request, "members/joining_settings.html", {"form": form})


@require_http_methods(["GET", "POST"])
@require(can_manage_members)
def join_codes(request: MemberRequest) -> HttpResponse:
    form = JoinCodesForm()
    status = 200
    if request.method == "POST":
        form = JoinCodesForm(request.POST)
        if form.is_valid():
            codes = actions.create_join_codes(
                addresses=form.cleaned_data["addresses"], acting_user=request.user
            )
            ids = ",".join(str(code.pk) for code in codes)
            return redirect(f"{request.path}afdrukken/?ids={ids}")
        status = 400
    page = Paginator(selectors.join_codes(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/join_codes.html",
        {
            "form": form,
            "page": page,
            "code_mode": selectors.get_site_settings().joining_mode == JoiningMode.CODE,
        },
        status=status,
    )


@require_GET
@require(can_manage_members)
def print_join_codes(request: MemberRequest) -> HttpResponse:
    try:
        ids = [int(part) for part in request.GET.get("ids", "").split(",") if part]
    except ValueError:
        ids = []
    codes = list(JoinCode.objects.filter(pk__in=ids[:200], used_by__isnull=True).order_by("pk"))
    return render(request, "members/print_join_codes.html", {"codes": codes})


@require_POST
@require(can_manage_members)
def delete_join_code(request: MemberRequest, code_id: int) -> HttpResponse:
    join_code = get_object_or_404(JoinCode, pk=code_id)
    try:
        actions.delete_join_code(join_code, acting_user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("The code has been removed."))
    return redirect("members:join_codes")


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone holding the link: the token itself is the permission."""
    try:
        invitation = invitations.open_invitation(token)
    except ValidationError as error:
        return render(
            request, "members/invitation.html", {"refused": error.messages[0]}, status=410
        )
    form = InvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST":
        if form.is_valid():
            user = invitations.accept_invitation(
                token,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("/")
        return render(
            request, "members/invitation.html", {"form": form, "invitation": invitation}, status=400
        )
    return render(request, "members/invitation.html", {"form": form, "invitation": invitation})
