"""The HSDS exchange on the platform host: a read-only API per municipality, and the
operator's import page.

The API is open to anyone (the social map is public information, and apps built on it need no
account); it only ever shows the city-wide entries of the municipality in its address.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from provisioning.permissions import operator_required
from socialmap_platform import actions, hsds, selectors
from socialmap_platform.forms import ImportForm, PagingForm
from socialmap_platform.problems import HsdsImportError
from tenants.models import Municipality

JSON_OPTIONS = {"ensure_ascii": False}


def _json(data: Any, *, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params=JSON_OPTIONS)


def _municipality(code: str) -> Municipality:
    municipality = selectors.municipality_by_code(code)
    if municipality is None:
        raise Http404
    return municipality


def _paging(request: HttpRequest) -> selectors.Paging | JsonResponse:
    form = PagingForm(request.GET)
    if not form.is_valid():
        return _json(
            {"error": _("page and per_page must be whole numbers (per_page at most 200).")},
            status=400,
        )
    return selectors.Paging(
        page=form.cleaned_data["page"] or 1,
        per_page=form.cleaned_data["per_page"] or selectors.DEFAULT_PER_PAGE,
    )


@require_GET
def api_root(request: HttpRequest, code: str) -> JsonResponse:
    municipality = _municipality(code)
    return _json(
        {
            "version": hsds.HSDS_VERSION,
            "profile": "https://specs.openreferral.org/en/latest/",
            "municipality": hsds.municipality_header(municipality),
        }
    )


@require_GET
def api_services(request: HttpRequest, code: str) -> JsonResponse:
    municipality = _municipality(code)
    paging = _paging(request)
    if isinstance(paging, JsonResponse):
        return paging
    return _json(selectors.services_page(municipality, paging))


@require_GET
def api_service(request: HttpRequest, code: str, identifier: str) -> JsonResponse:
    document = selectors.service_detail(_municipality(code), identifier)
    if document is None:
        raise Http404
    return _json(document)


@require_GET
def api_organisations(request: HttpRequest, code: str) -> JsonResponse:
    municipality = _municipality(code)
    paging = _paging(request)
    if isinstance(paging, JsonResponse):
        return paging
    return _json(selectors.organisations_page(municipality, paging))


@require_GET
def api_organisation(request: HttpRequest, code: str, identifier: str) -> JsonResponse:
    document = selectors.organisation_detail(_municipality(code), identifier)
    if document is None:
        raise Http404
    return _json(document)


@require_GET
@operator_required
def export_file(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality(code)
    body = json.dumps(selectors.export_municipality(municipality), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="hsds-{municipality.cbs_code.lower()}.json"'
    )
    return response


@require_http_methods(["GET", "POST"])
@operator_required
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            municipality = form.cleaned_data["municipality"]
            try:
                result = actions.import_hsds(
                    municipality,
                    raw=form.cleaned_data["file"],
                    acting_name=getattr(request.user, "email", ""),
                )
            except HsdsImportError as error:
                problems = error.problems
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
                return redirect("socialmap_platform:import")
        status = 400
    return render(
        request,
        "socialmap_platform/import.html",
        {
            "form": form,
            "problems": problems[:100],
            "more_problems": max(0, len(problems) - 100),
            "imports": list(selectors.recent_imports()[:20]),
            "municipalities": list(Municipality.objects.order_by("name")),
        },
        status=status,
    )
