"""Pages for clubs. The list and a club's page are public on purpose (anyone in the buurt may
find a club); who joined shows only to members. Everything else is guarded by `require`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clubs import actions, pages, selectors
from clubs.forms import AdminForm, ClubForm, JoinForm
from clubs.models import Club
from clubs.permissions import is_club_admin
from members.permissions import MemberRequest, can_manage_clubs, is_member, require


def _club_or_404(club_id: int) -> Club:
    club = selectors.get_club(club_id)
    if club is None:
        raise Http404
    return club


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "members/forbidden.html", status=403)


@require_GET
def club_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.club_list(), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "clubs/club_list.html",
        {"page": page, "can_add": can_manage_clubs(request.user)},
    )


@require_GET
def club_detail(request: HttpRequest, club_id: int) -> HttpResponse:
    club = _club_or_404(club_id)
    viewer_is_member = is_member(request.user)
    context = {
        "club": club,
        "sections": pages.sections_for(club),
        "viewer_is_member": viewer_is_member,
        "membership": selectors.membership_of(club, request.user),
        "shown_members": selectors.shown_members(club) if viewer_is_member else [],
        "can_edit": is_club_admin(request.user, club),
        "can_choose_admins": can_manage_clubs(request.user),
        "join_form": JoinForm(),
    }
    return render(request, "clubs/club_detail.html", context)


@require_http_methods(["GET", "POST"])
@require(can_manage_clubs)
def new_club(request: MemberRequest) -> HttpResponse:
    form = ClubForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            club = actions.create_club(details=form.details(), acting_user=request.user)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The club has been added."))
            return redirect(club.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(request, "clubs/club_form.html", {"form": form, "club": None}, status=status)


@require_http_methods(["GET", "POST"])
@require(is_member)
def edit_club(request: MemberRequest, club_id: int) -> HttpResponse:
    club = _club_or_404(club_id)
    if not is_club_admin(request.user, club):
        return _forbidden(request)
    form = ClubForm.for_club(club, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_club(club, details=form.details(), acting_user=request.user)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The club has been saved."))
            return redirect(club.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(request, "clubs/club_form.html", {"form": form, "club": club}, status=status)


@require_POST
@require(is_member)
def join(request: MemberRequest, club_id: int) -> HttpResponse:
    club = _club_or_404(club_id)
    form = JoinForm(request.POST)
    form.is_valid()  # a checkbox: absent or anything else means "no"
    actions.join_club(
        club, show_on_page=bool(form.cleaned_data.get("show_on_page")), acting_user=request.user
    )
    messages.success(request, _("You are now a member of %(club)s.") % {"club": club.name})
    return redirect(club.get_absolute_url())


@require_POST
@require(is_member)
def leave(request: MemberRequest, club_id: int) -> HttpResponse:
    club = _club_or_404(club_id)
    actions.leave_club(club, acting_user=request.user)
    messages.success(request, _("You are no longer a member of %(club)s.") % {"club": club.name})
    return redirect(club.get_absolute_url())


@require_POST
@require(is_member)
def visibility(request: MemberRequest, club_id: int) -> HttpResponse:
    club = _club_or_404(club_id)
    form = JoinForm(request.POST)
    form.is_valid()
    try:
        actions.set_shown_on_page(
            club,
            show_on_page=bool(form.cleaned_data.get("show_on_page")),
            acting_user=request.user,
        )
    except ValidationError as error:
        return render(request, "members/refused.html", {"errors": error.messages}, status=400)
    messages.success(request, _("Your choice has been saved."))
    return redirect(club.get_absolute_url())


@require_http_methods(["GET", "POST"])
@require(can_manage_clubs)
def admins(request: MemberRequest, club_id: int) -> HttpResponse:
    club = _club_or_404(club_id)
    form = AdminForm(request.POST if request.method == "POST" else None, club=club)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_club_admin(
                club,
                form.cleaned_data["member"],
                admin=form.cleaned_data["admin"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error("member", error)
        else:
            messages.success(request, _("The role has been saved."))
            return redirect("clubs:admins", club_id=club.pk)
    return render(
        request,
        "clubs/admins.html",
        {"club": club, "form": form, "admins": selectors.admins_of(club)},
        status=400 if form.is_bound else 200,
    )
