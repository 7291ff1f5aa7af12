"""Pages for the agenda. The lists, an activity and the calendar feeds are public on purpose
(anyone in the buurt may see what is on); signing up is for members, planning for the roles
in agenda.permissions. Every such view is guarded by `require`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from agenda import actions, ical, selectors
from agenda.forms import ActivityForm
from agenda.models import Activity, SignUp
from agenda.permissions import can_add_activities, can_edit_activity, can_see_sign_ups
from members.permissions import MemberRequest, is_member, require


def _activity_or_404(activity_id: int) -> Activity:
    activity = selectors.get_activity(activity_id)
    if activity is None:
        raise Http404
    return activity


def _list(request: HttpRequest, *, past: bool) -> HttpResponse:
    activities = selectors.past_activities() if past else selectors.upcoming_activities()
    page = Paginator(activities, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/activity_list.html",
        {"page": page, "past": past, "can_add": can_add_activities(request.user)},
    )


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    return _list(request, past=False)


@require_GET
def past_list(request: HttpRequest) -> HttpResponse:
    return _list(request, past=True)


@require_GET
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity_or_404(activity_id)
    user = request.user
    sign_up = (
        selectors.sign_up_of(activity, user) if isinstance(user, User) and is_member(user) else None
    )
    context = {
        "activity": activity,
        "sign_up": sign_up,
        "waiting_position": selectors.waiting_position(sign_up)
        if sign_up is not None and sign_up.status == SignUp.Status.WAITING
        else None,
        "viewer_is_member": is_member(request.user),
        "today": timezone.localdate(),
        "can_edit": can_edit_activity(request.user, activity),
        "sign_ups": selectors.sign_ups_for(activity)
        if can_see_sign_ups(request.user, activity)
        else None,
        "is_full": activity.capacity is not None and activity.confirmed_count >= activity.capacity,  # type: ignore[attr-defined]
    }
    return render(request, "agenda/activity_detail.html", context)


def _form_page(request: MemberRequest, activity: Activity | None) -> HttpResponse:
    posted = request.method == "POST"
    form = ActivityForm(request.POST if posted else None, user=request.user, activity=activity)
    if posted and form.is_valid():
        try:
            saved = actions.save_activity(
                activity, details=form.details(), acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity has been saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "agenda/activity_form.html",
        {"form": form, "activity": activity},
        status=400 if posted else 200,
    )


@require_http_methods(["GET", "POST"])
@require(can_add_activities)
def new_activity(request: MemberRequest) -> HttpResponse:
    return _form_page(request, None)


@require_http_methods(["GET", "POST"])
@require(is_member)
def edit_activity(request: MemberRequest, activity_id: int) -> HttpResponse:
    activity = _activity_or_404(activity_id)
    if not can_edit_activity(request.user, activity):
        return render(request, "members/forbidden.html", status=403)
    return _form_page(request, activity)


@require_POST
@require(is_member)
def sign_up(request: MemberRequest, activity_id: int) -> HttpResponse:
    activity = _activity_or_404(activity_id)
    try:
        entry = actions.sign_up(activity, acting_user=request.user)
    except ValidationError as error:
        return render(request, "members/refused.html", {"errors": error.messages}, status=400)
    if entry.status == SignUp.Status.WAITING:
        messages.success(
            request,
            _(
                "The activity is full. You are on the waiting list: "
                "we e-mail you when a place comes free."
            ),
        )
    else:
        messages.success(request, _("You have signed up. See you there!"))
    return redirect(activity.get_absolute_url())


@require_POST
@require(is_member)
def cancel(request: MemberRequest, activity_id: int) -> HttpResponse:
    activity = _activity_or_404(activity_id)
    try:
        actions.cancel_sign_up(activity, acting_user=request.user)
    except ValidationError as error:
        return render(request, "members/refused.html", {"errors": error.messages}, status=400)
    messages.success(request, _("You are no longer signed up."))
    return redirect(activity.get_absolute_url())


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    base_url = f"{request.scheme}://{request.get_host()}"
    return _calendar_response(ical.buurtsite_calendar(base_url=base_url), "agenda.ics")


@require_GET
def activity_calendar(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity_or_404(activity_id)
    base_url = f"{request.scheme}://{request.get_host()}"
    return _calendar_response(
        ical.calendar_for([activity], base_url=base_url, name=activity.title),
        f"activiteit-{activity.pk}.ics",
    )
