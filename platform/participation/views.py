"""Pages for participation: the list, one item with its vote or reaction form, results after
the deadline, publishing, and the export for the municipality."""

from __future__ import annotations

import csv
import io
import json
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.permissions import (
    MemberRequest,
    can_export_participation,
    can_publish_participation,
    is_member,
    require,
)
from participation import actions, selectors
from participation.forms import FORMS, AnnouncementForm, ReactionForm, VoteForm
from participation.models import Participation

logger = logging.getLogger(__name__)


@require_GET
@require(is_member)
def participation_list(request: MemberRequest) -> HttpResponse:
    page = Paginator(selectors.past_for(request.user), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "participation/list.html",
        {
            # Only a few are open at a time: all of them, on every page.
            "open_items": list(selectors.open_for(request.user)),
            "other_items": list(page.object_list),
            "page": page,
            "can_publish": can_publish_participation(request.user),
        },
    )


@require_GET
@require(is_member)
def detail(request: MemberRequest, pk: int) -> HttpResponse:
    return _detail(request, _item(pk))


def _detail(
    request: MemberRequest,
    item: Participation,
    *,
    vote_form: VoteForm | None = None,
    reaction_form: ReactionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, object] = {
        "item": item,
        "is_open": item.is_open(),
        "can_export": can_export_participation(request.user) and item.has_deadline,
        # Shown at the top: the form itself may be gone (voted already, or closed meanwhile).
        "refusals": [
            error
            for form in (vote_form, reaction_form)
            if form is not None
            for error in form.non_field_errors()
        ],
    }
    if item.kind == Participation.Kind.POLL:
        context["ballot"] = ballot = selectors.ballot_of(item, request.user)
        context["vote_form"] = vote_form or VoteForm(poll=item)
        context["shows_form"] = ballot is None and item.is_open()
        if not item.is_open():
            context["result"] = selectors.poll_result(item)
    elif item.kind == Participation.Kind.CONSULTATION:
        context["reaction"] = reaction = selectors.reaction_of(item, request.user)
        context["reaction_form"] = reaction_form or ReactionForm()
        context["shows_form"] = reaction is None and item.is_open()
        if not item.is_open():
            context["reactions"] = [
                (reaction, selectors.shown_name(reaction))
                for reaction in selectors.reactions_to(item)
            ]
    return render(request, "participation/detail.html", context, status=status)


@require_POST
@require(is_member)
def vote(request: MemberRequest, pk: int) -> HttpResponse:
    poll = _item(pk)
    if poll.kind != Participation.Kind.POLL:
        raise Http404
    form = VoteForm(request.POST, poll=poll)
    if form.is_valid():
        try:
            actions.cast_vote(poll, option_ids=form.option_ids(), acting_user=request.user)
        except actions.ParticipationRefused as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Thank you for voting. You see the result after closing."))
            return redirect("participation:detail", pk=poll.pk)
    return _detail(request, poll, vote_form=form, status=400)


@require_POST
@require(is_member)
def react(request: MemberRequest, pk: int) -> HttpResponse:
    consultation = _item(pk)
    if consultation.kind != Participation.Kind.CONSULTATION:
        raise Http404
    form = ReactionForm(request.POST)
    if form.is_valid():
        try:
            actions.react_to_consultation(
                consultation,
                body=form.cleaned_data["body"],
                anonymous=form.cleaned_data["anonymous"],
                acting_user=request.user,
            )
        except actions.ParticipationRefused as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Thank you for your reaction."))
            return redirect("participation:detail", pk=consultation.pk)
    return _detail(request, consultation, reaction_form=form, status=400)


@require_http_methods(["GET", "POST"])
@require(can_publish_participation)
def publish(request: MemberRequest, kind: str) -> HttpResponse:
    form_class = FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = _publish(kind, form, request)
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, _("Published. Members see it now."))
                return redirect("participation:detail", pk=item.pk)
        status = 400
    return render(
        request,
        "participation/publish.html",
        {"form": form, "kind": kind, "kind_label": Participation.Kind(kind).label},
        status=status,
    )


def _publish(kind: str, form: AnnouncementForm, request: MemberRequest) -> Participation:
    data = form.cleaned_data
    if kind == Participation.Kind.POLL:
        return actions.publish_poll(
            title=data["title"],
            body=data["body"],
            options=data["options"],
            multiple_choice=data["multiple_choice"],
            closes_at=data["closes_at"],
            acting_user=request.user,
        )
    if kind == Participation.Kind.CONSULTATION:
        return actions.publish_consultation(
            title=data["title"],
            body=data["body"],
            closes_at=data["closes_at"],
            acting_user=request.user,
        )
    return actions.publish_announcement(
        title=data["title"], body=data["body"], acting_user=request.user
    )


@require_GET
@require(can_export_participation)
def export(request: MemberRequest, pk: int, fmt: str) -> HttpResponse:
    item = _item(pk)
    if not item.has_deadline:
        raise Http404
    if item.is_open():
        return render(
            request,
            "members/refused.html",
            {"errors": [_("The results can be downloaded after the closing date.")]},
            status=409,
        )
    logger.info("Participation exported", extra={"participation_id": item.pk, "format": fmt})
    name = f"meedoen-{item.pk}-{item.kind}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(selectors.export_data(item), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    else:
        header, rows = selectors.export_rows(item)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        # The BOM tells Excel the file is UTF-8, so accents stay intact when opened.
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _item(pk: int) -> Participation:
    item = selectors.participation_item(pk)
    if item is None:
        raise Http404
    return item
