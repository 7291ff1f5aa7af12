"""Pages of the social map on a buurtsite.

Finding help (the search, a service, a professional) is open to everyone who visits the
buurtsite, signed in or not: it is the organisations' public information, and someone looking
for help should not have to join first. Referring, keeping the local entries and reviewing
organisations' changes are for the buurtverbinder (members.permissions).
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.permissions import MemberRequest, can_keep_social_map, can_refer, require
from organisations.actions import mark_version_seen
from organisations.models import Professional, Service
from organisations.selectors import version_diff
from socialmap import actions, referring, selectors
from socialmap.forms import (
    LocalOrganisationForm,
    LocalPlaceForm,
    LocalServiceForm,
    ReferForm,
    SearchForm,
)
from socialmap.models import LocalService
from tenants.models import Buurtsite


def _buurtsite(request: HttpRequest) -> Buurtsite:
    return cast(Buurtsite, request.tenant)  # type: ignore[attr-defined]


def _map_settings() -> dict[str, str]:
    return {
        "tiles": settings.SOCIAL_MAP_TILE_URL,
        "attribution": settings.SOCIAL_MAP_TILE_ATTRIBUTION,
    }


# Finding help (everyone) --------------------------------------------------------------------


@require_GET
def find_help(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(
            request, "socialmap/find_help.html", {"form": form, "result": None}, status=400
        )
    search = form.search()
    result = selectors.find_help(
        _buurtsite(request), search=search, page=form.cleaned_data.get("page") or 1
    )
    return render(
        request,
        "socialmap/find_help.html",
        {
            "form": form,
            "search": search,
            "result": result,
            "map": _map_settings(),
            "paging_query": _paging_query(request),
            "can_keep": can_keep_social_map(request.user),
        },
    )


def _paging_query(request: HttpRequest) -> str:
    """The search's own parameters, for the links to the other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _service_context(
    request: HttpRequest, entry: selectors.HelpEntry, refer_form: ReferForm | None = None
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "entry": entry,
        "service": entry.service,
        "markers": selectors.markers_for([entry]),
        "map": _map_settings(),
    }
    if entry.kind == "city":
        service = cast(Service, entry.service)
        buurtsite = _buurtsite(request)
        context["professionals"] = selectors.professionals_of(buurtsite, service.organisation)
        context["other_services"] = selectors.other_services_of(
            buurtsite, service.organisation, but=service.pk
        )
    if can_refer(request.user):
        context["refer_form"] = refer_form or referring.refer_form()
        context["refer_url"] = f"{entry.url}doorverwijzen/"
    return context


def _city_entry(request: HttpRequest, service_id: int) -> selectors.HelpEntry:
    service = selectors.city_service(_buurtsite(request), service_id)
    if service is None:
        raise Http404
    return selectors.HelpEntry(kind="city", service=service)


def _local_entry(service_id: int) -> selectors.HelpEntry:
    service = selectors.local_service(service_id)
    if service is None:
        raise Http404
    return selectors.HelpEntry(kind="local", service=service)


@require_GET
def city_service(request: HttpRequest, service_id: int) -> HttpResponse:
    entry = _city_entry(request, service_id)
    return render(request, "socialmap/service.html", _service_context(request, entry))


@require_GET
def local_service(request: HttpRequest, service_id: int) -> HttpResponse:
    entry = _local_entry(service_id)
    return render(request, "socialmap/service.html", _service_context(request, entry))


def _professional_or_404(request: HttpRequest, professional_id: int) -> Professional:
    professional = selectors.professional(_buurtsite(request), professional_id)
    if professional is None:
        raise Http404
    return professional


def _professional_context(
    request: HttpRequest, professional: Professional, refer_form: ReferForm | None = None
) -> dict[str, Any]:
    context: dict[str, Any] = {"professional": professional}
    if can_refer(request.user):
        context["refer_form"] = refer_form or referring.refer_form()
        context["refer_url"] = f"/hulp-vinden/professional/{professional.pk}/doorverwijzen/"
    return context


@require_GET
def professional_page(request: HttpRequest, professional_id: int) -> HttpResponse:
    professional = _professional_or_404(request, professional_id)
    return render(
        request, "socialmap/professional.html", _professional_context(request, professional)
    )


# Refer from here (buurtverbinder) -----------------------------------------------------------


def _refer(request: MemberRequest, target: Any) -> HttpResponse | ReferForm:
    """Refer when the form is valid: a redirect back to the page, or the form with errors."""
    form = referring.refer_form(request.POST)
    if form.is_valid():
        try:
            actions.refer_help_request_to(
                form.cleaned_data["help_request"],
                target=target,
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except actions.NotOpen:
            form.add_error("help_request", _("This question is not open any more."))
        else:
            messages.success(
                request, _("The question is referred to %(name)s.") % {"name": target.name}
            )
            return redirect(target.url)
    return form


@require_POST
@require(can_refer)
def refer_to_city_service(request: MemberRequest, service_id: int) -> HttpResponse:
    entry = _city_entry(request, service_id)
    result = _refer(request, referring.service_target(entry))
    if isinstance(result, HttpResponse):
        return result
    context = _service_context(request, entry, refer_form=result)
    return render(request, "socialmap/service.html", context, status=400)


@require_POST
@require(can_refer)
def refer_to_local_service(request: MemberRequest, service_id: int) -> HttpResponse:
    entry = _local_entry(service_id)
    result = _refer(request, referring.service_target(entry))
    if isinstance(result, HttpResponse):
        return result
    context = _service_context(request, entry, refer_form=result)
    return render(request, "socialmap/service.html", context, status=400)


@require_POST
@require(can_refer)
def refer_to_professional(request: MemberRequest, professional_id: int) -> HttpResponse:
    professional = _professional_or_404(request, professional_id)
    result = _refer(request, referring.professional_target(professional))
    if isinstance(result, HttpResponse):
        return result
    context = _professional_context(request, professional, refer_form=result)
    return render(request, "socialmap/professional.html", context, status=400)


# Keeping the local entries (buurtverbinder) -------------------------------------------------


@require_GET
@require(can_keep_social_map)
def local_entries(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "socialmap/local_entries.html",
        {"organisations": list(selectors.local_organisations())},
    )


def _form_page(
    request: MemberRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@require(can_keep_social_map)
def new_local_organisation(request: MemberRequest) -> HttpResponse:
    form = LocalOrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            organisation = actions.create_local_organisation(
                fields=_fields(form), acting_user=request.user
            )
            messages.success(
                request, _("%(name)s is on the social map.") % {"name": organisation.name}
            )
            return redirect("socialmap:local_entries")
        return _form_page(
            request, "socialmap/local_form.html", _organisation_context(form, None), status=400
        )
    return _form_page(request, "socialmap/local_form.html", _organisation_context(form, None))


def _organisation_context(form: LocalOrganisationForm, organisation: Any) -> dict[str, Any]:
    return {
        "form": form,
        "title": _("Change %(name)s") % {"name": organisation.name}
        if organisation
        else _("Add a local organisation"),
        "organisation": organisation,
        "kind": "organisation",
    }


def _fields(form: Any) -> dict[str, Any]:
    return {name: value for name, value in form.cleaned_data.items() if name != "locations"}


def _organisation_or_404(organisation_id: int) -> Any:
    organisation = selectors.local_organisation(organisation_id)
    if organisation is None:
        raise Http404
    return organisation


@require_http_methods(["GET", "POST"])
@require(can_keep_social_map)
def edit_local_organisation(request: MemberRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation_or_404(organisation_id)
    if request.method == "POST":
        form = LocalOrganisationForm(request.POST)
        if form.is_valid():
            actions.update_local_organisation(
                organisation, fields=_fields(form), acting_user=request.user
            )
            messages.success(request, _("Your changes are saved."))
            return redirect("socialmap:local_entries")
        context = _organisation_context(form, organisation)
        return _form_page(request, "socialmap/local_form.html", context, status=400)
    form = LocalOrganisationForm(initial=LocalOrganisationForm.initial_for(organisation))
    return _form_page(
        request, "socialmap/local_form.html", _organisation_context(form, organisation)
    )


@require_POST
@require(can_keep_social_map)
def withdraw_local_organisation(request: MemberRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation_or_404(organisation_id)
    if request.POST.get("restore"):
        actions.restore_local_organisation(organisation, acting_user=request.user)
        messages.success(
            request, _("%(name)s is back on the social map.") % {"name": organisation.name}
        )
    else:
        actions.withdraw_local_organisation(organisation, acting_user=request.user)
        messages.success(
            request, _("%(name)s is no longer on the social map.") % {"name": organisation.name}
        )
    return redirect("socialmap:local_entries")


def _service_form_context(
    form: LocalServiceForm, organisation: Any, service: LocalService | None
) -> dict[str, Any]:
    return {
        "form": form,
        "title": _("Change %(name)s") % {"name": service.name}
        if service
        else _("Add a service of %(name)s") % {"name": organisation.name},
        "organisation": organisation,
        "service": service,
        "kind": "service",
    }


@require_http_methods(["GET", "POST"])
@require(can_keep_social_map)
def new_local_service(request: MemberRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation_or_404(organisation_id)
    form = LocalServiceForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST":
        if form.is_valid():
            actions.create_local_service(
                organisation,
                fields=_fields(form),
                places=form.cleaned_data["locations"],
                acting_user=request.user,
            )
            messages.success(request, _("The service is on the social map."))
            return redirect("socialmap:local_entries")
        context = _service_form_context(form, organisation, None)
        return _form_page(request, "socialmap/local_form.html", context, status=400)
    context = _service_form_context(form, organisation, None)
    return _form_page(request, "socialmap/local_form.html", context)


def _local_service_or_404(service_id: int) -> LocalService:
    service = selectors.local_service_to_edit(service_id)
    if service is None:
        raise Http404
    return service


@require_http_methods(["GET", "POST"])
@require(can_keep_social_map)
def edit_local_service(request: MemberRequest, service_id: int) -> HttpResponse:
    service = _local_service_or_404(service_id)
    organisation = service.organisation
    if request.method == "POST":
        form = LocalServiceForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                actions.update_local_service(
                    service,
                    fields=_fields(form),
                    places=form.cleaned_data["locations"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("socialmap:local_entries")
        context = _service_form_context(form, organisation, service)
        return _form_page(request, "socialmap/local_form.html", context, status=400)
    form = LocalServiceForm(
        initial=LocalServiceForm.initial_for(service), organisation=organisation
    )
    return _form_page(
        request, "socialmap/local_form.html", _service_form_context(form, organisation, service)
    )


@require_POST
@require(can_keep_social_map)
def withdraw_local_service(request: MemberRequest, service_id: int) -> HttpResponse:
    service = _local_service_or_404(service_id)
    if request.POST.get("restore"):
        actions.restore_local_service(service, acting_user=request.user)
        messages.success(request, _("%(name)s is back on the social map.") % {"name": service.name})
    else:
        actions.withdraw_local_service(service, acting_user=request.user)
        messages.success(
            request, _("%(name)s is no longer on the social map.") % {"name": service.name}
        )
    return redirect("socialmap:local_entries")


def _place_context(form: LocalPlaceForm, organisation: Any, place: Any) -> dict[str, Any]:
    return {
        "form": form,
        "title": _("Change %(name)s") % {"name": place.name}
        if place
        else _("Add a place of %(name)s") % {"name": organisation.name},
        "organisation": organisation,
        "kind": "place",
    }


@require_http_methods(["GET", "POST"])
@require(can_keep_social_map)
def new_local_place(request: MemberRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation_or_404(organisation_id)
    form = LocalPlaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            actions.create_local_place(organisation, fields=_fields(form), acting_user=request.user)
            messages.success(request, _("The place is saved."))
            return redirect("socialmap:local_entries")
        context = _place_context(form, organisation, None)
        return _form_page(request, "socialmap/local_form.html", context, status=400)
    return _form_page(
        request, "socialmap/local_form.html", _place_context(form, organisation, None)
    )


@require_http_methods(["GET", "POST"])
@require(can_keep_social_map)
def edit_local_place(request: MemberRequest, place_id: int) -> HttpResponse:
    place = selectors.local_place_to_edit(place_id)
    if place is None:
        raise Http404
    if request.method == "POST":
        form = LocalPlaceForm(request.POST)
        if form.is_valid():
            actions.update_local_place(place, fields=_fields(form), acting_user=request.user)
            messages.success(request, _("Your changes are saved."))
            return redirect("socialmap:local_entries")
        context = _place_context(form, place.organisation, place)
        return _form_page(request, "socialmap/local_form.html", context, status=400)
    form = LocalPlaceForm(initial=LocalPlaceForm.initial_for(place))
    return _form_page(
        request, "socialmap/local_form.html", _place_context(form, place.organisation, place)
    )


# Reviewing organisations' changes (buurtverbinder) ------------------------------------------


@require_GET
@require(can_keep_social_map)
def review(request: MemberRequest) -> HttpResponse:
    changes = list(selectors.changes_to_review(_buurtsite(request))[: selectors.REVIEW_SIZE])
    return render(request, "socialmap/review.html", {"changes": changes})


@require_GET
@require(can_keep_social_map)
def change(request: MemberRequest, version_id: int) -> HttpResponse:
    version = selectors.changes_to_review(_buurtsite(request)).filter(pk=version_id).first()
    if version is None:
        raise Http404
    return render(
        request, "socialmap/change.html", {"version": version, "diff": version_diff(version)}
    )


@require_POST
@require(can_keep_social_map)
def mark_seen(request: MemberRequest, version_id: int) -> HttpResponse:
    buurtsite = _buurtsite(request)
    version = selectors.changes_to_review(buurtsite).filter(pk=version_id).first()
    if version is None:
        raise Http404
    mark_version_seen(
        version, buurtsite=buurtsite, reviewer_name=request.user.display_name or request.user.email
    )
    messages.success(request, _("Marked as seen."))
    return redirect("socialmap:review")
