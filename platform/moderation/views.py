"""Reporting (any member) and the moderation pages (buurtverbinders only)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from members.permissions import MemberRequest, can_manage_member, can_moderate, is_member, require
from members.ratelimit import allow
from moderation import actions, registry, selectors
from moderation.forms import DecisionForm, ReasonForm, ReportForm
from moderation.models import ContentState, Decision, Report


@require_http_methods(["GET", "POST"])
@require(is_member)
def report_content(request: MemberRequest, kind: str, object_id: int) -> HttpResponse:
    moderatable = registry.get(kind)
    target = moderatable.get(object_id) if moderatable else None
    if moderatable is None or target is None or not moderatable.visible_to(request.user, target):
        raise Http404
    form = ReportForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "label": moderatable.label, "back_url": moderatable.url(target)}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "moderation/report_form.html", context, status=400)
        if not allow("report", request.user.pk, limit=settings.REPORT_RATE_LIMIT):
            return render(request, "members/rate_limited.html", status=429)
        actions.report_content(
            kind=kind,
            object_id=object_id,
            reason=form.cleaned_data["reason"],
            explanation=form.cleaned_data["explanation"],
            acting_user=request.user,
        )
        messages.success(
            request, _("Thank you. The buurtverbinder will look at it as soon as possible.")
        )
        return redirect(moderatable.url(target))
    return render(request, "moderation/report_form.html", context)


@require_GET
@require(can_moderate)
def queue(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "moderation/queue.html",
        {
            "open_reports": list(selectors.open_reports()),
            "closed_reports": list(selectors.recent_closed_reports()),
        },
    )


@require_http_methods(["GET", "POST"])
@require(can_moderate)
def report_detail(request: MemberRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(
        Report.objects.select_related("reporter", "target_author", "handled_by"), pk=report_id
    )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.decide_on_report(
                    report,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Done. The report has been handled."))
                return redirect("moderation:queue")
        status = 400
    moderatable = registry.get(report.kind)
    target = moderatable.get(report.object_id) if moderatable else None
    return render(
        request,
        "moderation/report_detail.html",
        {
            "report": report,
            "form": form,
            "label": moderatable.label if moderatable else report.kind,
            "target_url": moderatable.url(target)
            if moderatable and target and moderatable.visible_to(request.user, target)
            else "",
            "state": moderatable.state(target) if moderatable and target else None,
            "ContentState": ContentState,
            "others": list(selectors.reports_about_same(report)),
            "decisions": list(report.decisions.select_related("moderator")),
            "restore_form": ReasonForm(),
        },
        status=status,
    )


@require_http_methods(["POST"])
@require(can_moderate)
def restore(request: MemberRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=report_id)
    form = ReasonForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            actions.restore_content(
                kind=report.kind,
                object_id=report.object_id,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("It can be seen again."))
            return redirect("moderation:report_detail", report_id=report.pk)
    else:
        errors = [str(message) for field in form.errors.values() for message in field]
    return render(request, "members/refused.html", {"errors": errors}, status=400)


def _member_decision(
    request: MemberRequest, member_id: int, *, action: str, template: str
) -> HttpResponse:
    member = get_object_or_404(User.objects.select_related("profile"), pk=member_id)
    if not can_manage_member(request.user, member):
        return render(
            request,
            "members/refused.html",
            {"errors": [_("You cannot do this to yourself.")]},
            status=403,
        )
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            decisions: dict[str, Callable[..., Decision]] = {
                Decision.Action.WARN: actions.warn_member,
                Decision.Action.BLOCK: actions.block_member,
                Decision.Action.UNBLOCK: actions.unblock_member,
            }
            decide = decisions[action]
            decide(member, reason=form.cleaned_data["reason"], acting_user=request.user)
            messages.success(request, _("Done. The member has been told why."))
            return redirect("members:manage_member", member_id=member.pk)
        return render(request, template, {"member": member, "form": form}, status=400)
    return render(request, template, {"member": member, "form": form})


@require_http_methods(["GET", "POST"])
@require(can_moderate)
def warn_member(request: MemberRequest, member_id: int) -> HttpResponse:
    return _member_decision(
        request, member_id, action=Decision.Action.WARN, template="moderation/warn.html"
    )


@require_http_methods(["GET", "POST"])
@require(can_moderate)
def block_member(request: MemberRequest, member_id: int) -> HttpResponse:
    return _member_decision(
        request, member_id, action=Decision.Action.BLOCK, template="moderation/block.html"
    )


@require_http_methods(["GET", "POST"])
@require(can_moderate)
def unblock_member(request: MemberRequest, member_id: int) -> HttpResponse:
    return _member_decision(
        request, member_id, action=Decision.Action.UNBLOCK, template="moderation/unblock.html"
    )


@require_GET
@require(can_moderate)
def audit_trail(request: MemberRequest) -> HttpResponse:
    page = Paginator(selectors.audit_trail(), 50).get_page(request.GET.get("page"))
    return render(request, "moderation/audit_trail.html", {"page": page})
