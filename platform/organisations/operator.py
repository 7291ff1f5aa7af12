"""The operator's organisation pages in the console: add an organisation and invite its
first administrator; review the changes organisations make (mark seen, or revert).

Every view needs an operator with two factors (provisioning.permissions.operator_required).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from organisations import actions, invitations, selectors
from organisations.forms import NewOrganisationForm
from organisations.models import MembershipRole, Organisation, Version
from provisioning.permissions import operator_required

REVIEW_PAGE_SIZE = 100


def _organisations() -> Any:
    return Organisation.objects.select_related("municipality").order_by("name")


@require_GET
@operator_required
def organisations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/operator/organisations.html",
        {"organisations": _organisations(), "form": NewOrganisationForm()},
    )


@require_POST
@operator_required
def create_organisation(request: HttpRequest) -> HttpResponse:
    form = NewOrganisationForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "organisations/operator/organisations.html",
            {"organisations": _organisations(), "form": form},
            status=400,
        )
    with transaction.atomic():
        organisation = actions.create_organisation(
            form.cleaned_data["municipality"],
            name=form.cleaned_data["name"],
            kvk_number=form.cleaned_data["kvk_number"],
            acting_user=request.user,  # type: ignore[arg-type]
        )
        invitations.invite_colleague(
            organisation,
            email=form.cleaned_data["admin_email"],
            role=MembershipRole.ADMIN,
            acting_user=request.user,  # type: ignore[arg-type]
        )
    messages.success(
        request,
        _("%(name)s has been added and its administrator invited.") % {"name": organisation.name},
    )
    return redirect("organisations_operator:organisations")


@require_GET
@operator_required
def review(request: HttpRequest) -> HttpResponse:
    versions = list(selectors.changes_for_operator()[:REVIEW_PAGE_SIZE])
    stale = list(
        selectors.stale_services_everywhere().select_related("organisation")[:REVIEW_PAGE_SIZE]
    )
    return render(
        request, "organisations/operator/review.html", {"versions": versions, "stale": stale}
    )


@require_GET
@operator_required
def change(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_object_or_404(Version.objects.select_related("organisation"), pk=version_id)
    return render(
        request,
        "organisations/operator/change.html",
        {
            "version": version,
            "changes": selectors.version_diff(version),
            "can_revert": version.reverted_at is None and selectors.is_latest_version(version),
        },
    )


def _reviewer(request: HttpRequest) -> str:
    user = request.user
    return str(getattr(user, "display_name", "") or getattr(user, "email", ""))


@require_POST
@operator_required
def mark_seen(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_object_or_404(Version, pk=version_id)
    actions.mark_version_seen(version, buurtsite=None, reviewer_name=_reviewer(request))
    messages.success(request, _("Marked as seen."))
    return redirect("organisations_operator:review")


@require_POST
@operator_required
def revert(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_object_or_404(Version.objects.select_related("organisation"), pk=version_id)
    try:
        actions.revert_version(
            version,
            reviewer_name=_reviewer(request),
            buurtsite=None,
            acting_user=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        return render(
            request,
            "organisations/operator/change.html",
            {
                "version": version,
                "changes": selectors.version_diff(version),
                "can_revert": False,
                "refusals": error.messages,
            },
            status=400,
        )
    actions.mark_version_seen(version, buurtsite=None, reviewer_name=_reviewer(request))
    messages.success(request, _("The change has been reverted."))
    return redirect("organisations_operator:review")
