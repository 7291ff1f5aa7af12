"""Pages for help requests: the member's own, and the buurtverbinders' queue and follow-up.

A member only ever reaches their own help requests (anyone else's is a 404); the buurtverbinder
pages are guarded by can_refer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.permissions import MemberRequest, can_refer, is_member, require
from messaging.actions import RateLimited
from referrals import actions, selectors
from referrals.actions import ReferralTarget
from referrals.forms import HelpRequestForm, NoteForm, QueueForm, ReferForm, StateForm
from referrals.models import HelpRequest


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


# The member ---------------------------------------------------------------------------------


@require_GET
@require(is_member)
def my_help_requests(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "referrals/mine.html",
        {"help_requests": list(selectors.help_requests_of(request.user))},
    )


@require_http_methods(["GET", "POST"])
@require(is_member)
def ask(request: MemberRequest) -> HttpResponse:
    form = HelpRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            help_request = actions.ask_for_help(
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                acting_user=request.user,
            )
        except RateLimited:
            return render(request, "members/rate_limited.html", status=429)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Your question has been sent. A buurtverbinder will get back to you.")
            )
            return redirect("referrals:my_detail", help_request_id=help_request.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "referrals/ask.html", {"form": form}, status=status)


@require_GET
@require(is_member)
def my_help_request(request: MemberRequest, help_request_id: int) -> HttpResponse:
    help_request = selectors.own_help_request(request.user, help_request_id)
    if help_request is None:
        raise Http404
    return render(
        request,
        "referrals/my_detail.html",
        {
            "help_request": help_request,
            "events": selectors.timeline(help_request, for_member=True),
        },
    )


# The buurtverbinder -------------------------------------------------------------------------


@require_GET
@require(can_refer)
def queue(request: MemberRequest) -> HttpResponse:
    form = QueueForm(request.GET)
    if not form.is_valid():
        return render(request, "referrals/queue.html", {"form": form, "page": None}, status=400)
    requests = selectors.help_request_queue(state=form.cleaned_data["state"])
    page = Paginator(requests, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/queue.html", {"form": form, "page": page})


def _connector_request(help_request_id: int) -> HelpRequest:
    help_request = selectors.help_request(help_request_id)
    if help_request is None:
        raise Http404
    return help_request


def _detail(
    request: MemberRequest,
    help_request: HelpRequest,
    *,
    refer_form: ReferForm | None = None,
    state_form: StateForm | None = None,
    note_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    neighbours = list(selectors.neighbours_to_refer_to(help_request))
    return render(
        request,
        "referrals/detail.html",
        {
            "help_request": help_request,
            "events": selectors.timeline(help_request, for_member=False),
            "refer_form": refer_form or ReferForm(neighbours=neighbours),
            "state_form": state_form or StateForm(allowed=actions.TRANSITIONS[help_request.state]),
            "note_form": note_form or NoteForm(),
        },
        status=status,
    )


@require_GET
@require(can_refer)
def detail(request: MemberRequest, help_request_id: int) -> HttpResponse:
    return _detail(request, _connector_request(help_request_id))


@require_POST
@require(can_refer)
def refer(request: MemberRequest, help_request_id: int) -> HttpResponse:
    help_request = _connector_request(help_request_id)
    neighbours = list(selectors.neighbours_to_refer_to(help_request))
    form = ReferForm(request.POST, neighbours=neighbours)
    if form.is_valid():
        data = form.cleaned_data
        target = ReferralTarget(
            kind=data["kind"],
            name=data["name"],
            neighbour=form.neighbours.get(data["neighbour"]) if data["neighbour"] else None,
            url=data["url"],
        )
        try:
            actions.refer_help_request(
                help_request, acting_user=request.user, target=target, note=data["note"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The help request has been referred."))
            return redirect("referrals:detail", help_request_id=help_request.pk)
    return _detail(request, help_request, refer_form=form, status=400)


@require_POST
@require(can_refer)
def change_state(request: MemberRequest, help_request_id: int) -> HttpResponse:
    help_request = _connector_request(help_request_id)
    form = StateForm(request.POST)
    if form.is_valid():
        try:
            actions.set_help_request_state(
                help_request,
                state=form.cleaned_data["state"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The state has been changed."))
            return redirect("referrals:detail", help_request_id=help_request.pk)
    return _detail(request, help_request, state_form=form, status=400)


@require_POST
@require(can_refer)
def add_note(request: MemberRequest, help_request_id: int) -> HttpResponse:
    help_request = _connector_request(help_request_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.add_help_request_note(
                help_request,
                text=form.cleaned_data["text"],
                shared_with_member=form.cleaned_data["shared_with_member"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your note has been added."))
            return redirect("referrals:detail", help_request_id=help_request.pk)
    return _detail(request, help_request, note_form=form, status=400)
