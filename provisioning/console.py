"""The operator console on the platform host: orders, buurtsites, runs, domains, life cycle.

Views parse the request, call one action and answer; every view needs an operator with two
factors (`operator_required`). A refused action comes back as a Dutch message and a 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from provisioning import actions, domains, lifecycle, orders, selectors
from provisioning.models import BuurtsiteExport, Order, ProvisioningRun
from provisioning.permissions import operator_required
from provisioning.tasks import export_buurtsite
from tenants.actions import make_primary_domain
from tenants.models import Buurtsite, Domain, Municipality


@require_GET
@operator_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "provisioning/console/home.html", _home_context())


def _home_context() -> dict[str, Any]:
    buurtsites = list(selectors.buurtsites_for_console())
    figures = selectors.member_figures(buurtsites)
    return {
        "rows": [(site, figures.get(site.pk)) for site in buurtsites],
        "orders": selectors.orders_to_decide(),
        "municipalities": Municipality.objects.order_by("name"),
    }


@require_POST
@operator_required
def create_buurtsite(request: HttpRequest) -> HttpResponse:
    """An operator creates a buurtsite directly, for a municipality the platform knows."""
    raw = request.POST.get("municipality", "")
    municipality = Municipality.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    try:
        if municipality is None:
            raise ValidationError(_("Choose the municipality."))
        run = actions.order_buurtsite(
            municipality, name=request.POST.get("name", ""), slug=request.POST.get("slug", "")
        )
    except ValidationError as error:
        return _refused(request, "provisioning/console/home.html", _home_context(), error)
    messages.success(request, _("The buurtsite is being set up."))
    return redirect("console_run", run_id=run.pk)


@require_GET
@operator_required
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = get_object_or_404(Order.objects.select_related("run"), pk=order_id)
    return render(request, "provisioning/console/order.html", {"order": order})


@require_POST
@operator_required
def decide_order(request: HttpRequest, order_id: int) -> HttpResponse:
    order = get_object_or_404(Order, pk=order_id)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            order = orders.approve_order(order, acting_operator=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Approved. The buurtsite is being set up."))
            return redirect("console_run", run_id=order.run_id)
        if decision == "reject":
            orders.reject_order(
                order,
                acting_operator=request.user,  # type: ignore[arg-type]
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Rejected. The contact person has been told why."))
            return redirect("console_home")
    except ValidationError as error:
        return _refused(request, "provisioning/console/order.html", {"order": order}, error)
    return _refused(
        request,
        "provisioning/console/order.html",
        {"order": order},
        ValidationError(_("Choose approve or reject.")),
    )


@require_GET
@operator_required
def buurtsite_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "provisioning/console/buurtsite.html", _buurtsite_context(slug))


def _buurtsite_context(slug: str) -> dict[str, Any]:
    buurtsite = get_object_or_404(Buurtsite.objects.select_related("municipality"), slug=slug)
    own_domains = [
        (domain, domains.dns_records_for(domain))
        for domain in buurtsite.domains.order_by("-is_primary", "domain")
    ]
    return {
        "buurtsite": buurtsite,
        "domains": own_domains,
        "runs": selectors.runs_of(buurtsite)[:5],
        "exports": selectors.exports_of(buurtsite),
        "figures": selectors.member_figures([buurtsite]).get(buurtsite.pk),
    }


def _lifecycle(action: Callable[[Buurtsite], Buurtsite], done: Promise) -> Callable[..., Any]:
    def run(request: HttpRequest, buurtsite: Buurtsite) -> str:
        action(buurtsite)
        return str(done)

    return run


def _export(request: HttpRequest, buurtsite: Buurtsite) -> str:
    transaction.on_commit(lambda: export_buurtsite.delay(buurtsite.pk))
    return _("The export has started. It appears below when it is ready; refresh the page.")


def _delete(request: HttpRequest, buurtsite: Buurtsite) -> str:
    lifecycle.delete_buurtsite(buurtsite, confirmation=request.POST.get("confirmation", ""))
    return _("The buurtsite has been deleted. Its exports are kept.")


def _add_domain(request: HttpRequest, buurtsite: Buurtsite) -> str:
    domains.request_own_domain(buurtsite, host=request.POST.get("host", ""))
    return _("Added. Give the municipality the DNS records shown below.")


def _check_domains(request: HttpRequest, buurtsite: Buurtsite) -> str:
    domains.verify_domains(buurtsite.domains.filter(kind=Domain.Kind.CUSTOM))
    return _("The DNS has been checked; see the result per domain.")


def _make_primary(request: HttpRequest, buurtsite: Buurtsite) -> str:
    domain = get_object_or_404(Domain, tenant=buurtsite, pk=request.POST.get("domain_id"))
    make_primary_domain(domain)
    return _("%(host)s is now the main address.") % {"host": domain.domain}


def _retry(request: HttpRequest, buurtsite: Buurtsite) -> str:
    run = get_object_or_404(ProvisioningRun, buurtsite=buurtsite, pk=request.POST.get("run_id"))
    actions.retry_run(run)
    return _("The run starts again.")


BUURTSITE_ACTIONS: dict[str, Callable[[HttpRequest, Buurtsite], str]] = {
    "suspend": _lifecycle(lifecycle.suspend_buurtsite, gettext_lazy("Suspended.")),
    "resume": _lifecycle(lifecycle.resume_buurtsite, gettext_lazy("Open again.")),
    "archive": _lifecycle(
        lifecycle.archive_buurtsite, gettext_lazy("Archived: read-only from now on.")
    ),
    "export": _export,
    "delete": _delete,
    "add_domain": _add_domain,
    "check_domains": _check_domains,
    "make_primary": _make_primary,
    "retry": _retry,
}


@require_POST
@operator_required
def buurtsite_action(request: HttpRequest, slug: str) -> HttpResponse:
    buurtsite = get_object_or_404(Buurtsite.objects.select_related("municipality"), slug=slug)
    action = BUURTSITE_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    try:
        with transaction.atomic():
            done = action(request, buurtsite)
    except ValidationError as error:
        return _refused(
            request, "provisioning/console/buurtsite.html", _buurtsite_context(slug), error
        )
    messages.success(request, done)
    return redirect("console_buurtsite", slug=slug)


@require_GET
@operator_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(
        ProvisioningRun.objects.select_related("buurtsite").prefetch_related("steps"), pk=run_id
    )
    template = (
        "provisioning/console/run_steps.html"
        if request.headers.get("HX-Request")
        else "provisioning/console/run.html"
    )
    return render(request, template, {"run": run})


@require_GET
@operator_required
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    export = get_object_or_404(BuurtsiteExport.objects.select_related("buurtsite"), pk=export_id)
    path = lifecycle.export_root() / export.path
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


def _refused(
    request: HttpRequest, template: str, context: dict[str, Any], error: ValidationError
) -> HttpResponse:
    context = {**context, "refusals": error.messages}
    return render(request, template, context, status=400)
