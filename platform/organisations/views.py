"""The organisation portal on the platform host (/portaal/).

Views parse the request, call one action and answer. Every view but the invitation and the
public photo goes through `portal_required`; every object is looked up within the signed-in
person's organisation, so another organisation's id answers 404. Refused input answers 400
with a Dutch message, and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.ratelimit import allow
from organisations import actions, invitations, photos, selectors
from organisations.forms import (
    AcceptInvitationForm,
    BuurtsitesForm,
    InviteForm,
    LocationForm,
    OrganisationForm,
    PhotoForm,
    ProfessionalForm,
    ServiceForm,
)
from organisations.models import (
    Location,
    MembershipRole,
    OrganisationMembership,
    Professional,
    Service,
    Version,
)
from organisations.permissions import (
    SESSION_KEY,
    PortalRequest,
    portal_admin_required,
    portal_required,
)

# An admin may invite this many colleagues per hour: enough for a team, not for spam.
INVITE_RATE_LIMIT = (20, 3600)


def _refused(
    request: Any, template: str, context: dict[str, Any], error: ValidationError
) -> HttpResponse:
    return render(request, template, {**context, "refusals": error.messages}, status=400)


# Home and choosing an organisation ----------------------------------------------------------


@require_GET
@portal_required
def home(request: PortalRequest) -> HttpResponse:
    organisation = request.organisation
    return render(
        request,
        "organisations/portal/home.html",
        {
            "stale_services": list(selectors.stale_services_of(organisation)),
            "buurtsites": list(organisation.buurtsites.order_by("name")),
            "is_admin": request.membership.role == MembershipRole.ADMIN,
            "memberships": list(selectors.organisations_for_user(request.user)),
        },
    )


@require_POST
@portal_required
def choose_organisation(request: PortalRequest) -> HttpResponse:
    raw = request.POST.get("organisation", "")
    membership = (
        OrganisationMembership.objects.filter(user=request.user, organisation_id=int(raw)).first()
        if raw.isdigit()
        else None
    )
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = membership.organisation_id
    return redirect("organisations:home")


@require_GET
def no_organisation(request: HttpRequest) -> HttpResponse:
    if getattr(request, "buurtsite", None) is not None:
        raise Http404
    return render(request, "organisations/portal/no_organisation.html", status=403)


# The profile --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_required
def edit_profile(request: PortalRequest) -> HttpResponse:
    organisation = request.organisation
    template = "organisations/portal/profile.html"
    context: dict[str, Any] = {"photo_form": PhotoForm()}
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            try:
                actions.update_organisation(
                    organisation, acting_user=request.user, **form.action_fields()
                )
            except ValidationError as error:
                return _refused(request, template, {**context, "form": form}, error)
            messages.success(request, _("Your profile has been saved."))
            return redirect("organisations:profile")
        return render(request, template, {**context, "form": form}, status=400)
    form = OrganisationForm(initial=OrganisationForm.initial_for(organisation))
    return render(request, template, {**context, "form": form})


def _upload(request: PortalRequest, store: Any, *, back: str, **back_kwargs: Any) -> HttpResponse:
    form = PhotoForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["photo"]))
        store(upload=form.cleaned_data["photo"], acting_user=request.user)
    except ValidationError as error:
        return render(
            request,
            "organisations/portal/refused.html",
            {"refusals": error.messages, "back": back, "back_kwargs": back_kwargs},
            status=400,
        )
    messages.success(request, _("The photo has been saved."))
    response: HttpResponse = redirect(back, **back_kwargs)
    return response


@require_POST
@portal_required
def upload_logo(request: PortalRequest) -> HttpResponse:
    organisation = request.organisation

    def store(**kwargs: Any) -> None:
        actions.set_logo(organisation, **kwargs)

    return _upload(request, store, back="organisations:profile")


@require_POST
@portal_required
def add_organisation_photo(request: PortalRequest) -> HttpResponse:
    organisation = request.organisation

    def store(**kwargs: Any) -> None:
        actions.add_photo(organisation, **kwargs)

    return _upload(request, store, back="organisations:profile")


@require_POST
@portal_required
def remove_organisation_photo(request: PortalRequest) -> HttpResponse:
    try:
        actions.remove_photo(
            request.organisation, name=request.POST.get("photo", ""), acting_user=request.user
        )
    except ValidationError as error:
        return _refused(
            request, "organisations/portal/refused.html", {"back": "organisations:profile"}, error
        )
    messages.success(request, _("The photo has been removed."))
    return redirect("organisations:profile")


@require_http_methods(["GET", "POST"])
@portal_admin_required
def edit_buurtsites(request: PortalRequest) -> HttpResponse:
    organisation = request.organisation
    template = "organisations/portal/buurtsites.html"
    if request.method == "POST":
        form = BuurtsitesForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                actions.set_buurtsites_served(
                    organisation,
                    buurtsites=form.cleaned_data["buurtsites"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                return _refused(request, template, {"form": form}, error)
            messages.success(request, _("The buurtsites have been saved."))
            return redirect("organisations:buurtsites")
        return render(request, template, {"form": form}, status=400)
    form = BuurtsitesForm(
        initial={"buurtsites": list(organisation.buurtsites.all())}, organisation=organisation
    )
    return render(request, template, {"form": form})


# Services -----------------------------------------------------------------------------------


@require_GET
@portal_required
def services(request: PortalRequest) -> HttpResponse:
    rows = [
        (service, selectors.is_stale(service))
        for service in selectors.services_of(request.organisation)
    ]
    return render(request, "organisations/portal/services.html", {"rows": rows})


def _service_of(request: PortalRequest, service_id: int) -> Service:
    return get_object_or_404(
        Service.objects.select_related("organisation"),
        pk=service_id,
        organisation=request.organisation,
    )


@require_http_methods(["GET", "POST"])
@portal_required
def edit_service(request: PortalRequest, service_id: int | None = None) -> HttpResponse:
    organisation = request.organisation
    service = _service_of(request, service_id) if service_id is not None else None
    template = "organisations/portal/service.html"
    context: dict[str, Any] = {
        "service": service,
        "photo_form": PhotoForm(),
        "is_stale": service is not None and selectors.is_stale(service),
    }
    if request.method == "POST":
        form = ServiceForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                saved = actions.save_service(
                    organisation, service=service, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                return _refused(request, template, {**context, "form": form}, error)
            messages.success(request, _("The service has been saved."))
            return redirect("organisations:service", service_id=saved.pk)
        return render(request, template, {**context, "form": form}, status=400)
    initial = ServiceForm.initial_for(service) if service else {"serves_all_buurtsites": True}
    form = ServiceForm(initial=initial, organisation=organisation)
    return render(request, template, {**context, "form": form})


@require_POST
@portal_required
def confirm_service(request: PortalRequest, service_id: int) -> HttpResponse:
    service = _service_of(request, service_id)
    actions.confirm_service(service, acting_user=request.user)
    messages.success(
        request, _("Thank you. %(name)s is marked as still correct.") % {"name": service.name}
    )
    if request.POST.get("next") == "service":
        return redirect("organisations:service", service_id=service.pk)
    if request.POST.get("next") == "home":
        return redirect("organisations:home")
    return redirect("organisations:services")


@require_POST
@portal_required
def withdraw_service(request: PortalRequest, service_id: int) -> HttpResponse:
    service = _service_of(request, service_id)
    if request.POST.get("restore"):
        actions.restore_service(service, acting_user=request.user)
        messages.success(request, _("The service is shown again."))
    else:
        actions.withdraw_service(service, acting_user=request.user)
        messages.success(request, _("The service is no longer shown."))
    return redirect("organisations:service", service_id=service.pk)


@require_POST
@portal_required
def add_service_photo(request: PortalRequest, service_id: int) -> HttpResponse:
    service = _service_of(request, service_id)

    def store(**kwargs: Any) -> None:
        actions.add_photo(service, **kwargs)

    return _upload(request, store, back="organisations:service", service_id=service.pk)


@require_POST
@portal_required
def remove_service_photo(request: PortalRequest, service_id: int) -> HttpResponse:
    service = _service_of(request, service_id)
    try:
        actions.remove_photo(service, name=request.POST.get("photo", ""), acting_user=request.user)
    except ValidationError as error:
        return _refused(
            request,
            "organisations/portal/refused.html",
            {"back": "organisations:service", "back_kwargs": {"service_id": service.pk}},
            error,
        )
    messages.success(request, _("The photo has been removed."))
    return redirect("organisations:service", service_id=service.pk)


# Locations ----------------------------------------------------------------------------------


@require_GET
@portal_required
def locations(request: PortalRequest) -> HttpResponse:
    rows = request.organisation.locations.order_by("name", "pk")
    return render(request, "organisations/portal/locations.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@portal_required
def edit_location(request: PortalRequest, location_id: int | None = None) -> HttpResponse:
    organisation = request.organisation
    location = (
        get_object_or_404(Location, pk=location_id, organisation=organisation)
        if location_id is not None
        else None
    )
    template = "organisations/portal/location.html"
    if request.method == "POST":
        form = LocationForm(request.POST)
        if form.is_valid():
            try:
                actions.save_location(
                    organisation, location=location, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                return _refused(request, template, {"form": form, "location": location}, error)
            messages.success(request, _("The location has been saved."))
            return redirect("organisations:locations")
        return render(request, template, {"form": form, "location": location}, status=400)
    form = LocationForm(instance=location) if location else LocationForm()
    return render(request, template, {"form": form, "location": location})


@require_POST
@portal_required
def remove_location(request: PortalRequest, location_id: int) -> HttpResponse:
    location = get_object_or_404(Location, pk=location_id, organisation=request.organisation)
    actions.remove_location(location, acting_user=request.user)
    messages.success(request, _("The location has been removed."))
    return redirect("organisations:locations")


# Professionals ------------------------------------------------------------------------------


@require_GET
@portal_required
def professionals(request: PortalRequest) -> HttpResponse:
    rows = request.organisation.professionals.order_by("name", "pk")
    return render(request, "organisations/portal/professionals.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@portal_required
def edit_professional(request: PortalRequest, professional_id: int | None = None) -> HttpResponse:
    organisation = request.organisation
    professional = (
        get_object_or_404(Professional, pk=professional_id, organisation=organisation)
        if professional_id is not None
        else None
    )
    template = "organisations/portal/professional.html"
    context = {"professional": professional, "photo_form": PhotoForm()}
    if request.method == "POST":
        form = ProfessionalForm(request.POST)
        if form.is_valid():
            try:
                saved = actions.save_professional(
                    organisation,
                    professional=professional,
                    acting_user=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                return _refused(request, template, {**context, "form": form}, error)
            messages.success(request, _("The professional has been saved."))
            return redirect("organisations:professional", professional_id=saved.pk)
        return render(request, template, {**context, "form": form}, status=400)
    form = ProfessionalForm(instance=professional) if professional else ProfessionalForm()
    return render(request, template, {**context, "form": form})


@require_POST
@portal_required
def upload_professional_photo(request: PortalRequest, professional_id: int) -> HttpResponse:
    professional = get_object_or_404(
        Professional.objects.select_related("organisation"),
        pk=professional_id,
        organisation=request.organisation,
    )

    def store(**kwargs: Any) -> None:
        actions.set_professional_photo(professional, **kwargs)

    return _upload(
        request, store, back="organisations:professional", professional_id=professional.pk
    )


# Team and invitations -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_admin_required
def team(request: PortalRequest) -> HttpResponse:
    organisation = request.organisation
    form = InviteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not allow("organisation-invite", organisation.pk, limit=INVITE_RATE_LIMIT):
            form.add_error(None, _("You have sent many invitations. Try again in an hour."))
            status = 429
        elif form.is_valid():
            try:
                invitations.invite_colleague(
                    organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_error("email", error)
                status = 400
            else:
                messages.success(request, _("The invitation has been sent."))
                return redirect("organisations:team")
        else:
            status = 400
    context = {
        "form": form,
        "members": selectors.team_of(organisation),
        "invitations": selectors.open_invitations_of(organisation),
    }
    return render(request, "organisations/portal/team.html", context, status=status)


@require_POST
@portal_admin_required
def remove_member(request: PortalRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        OrganisationMembership, pk=membership_id, organisation=request.organisation
    )
    try:
        actions.remove_member(membership, acting_user=request.user)
    except ValidationError as error:
        return _refused(
            request, "organisations/portal/refused.html", {"back": "organisations:team"}, error
        )
    messages.success(request, _("Your colleague has been removed from the team."))
    if membership.user_id == request.user.pk:
        return redirect("organisations:home")
    return redirect("organisations:team")


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone holding the link: the token itself is the permission."""
    if getattr(request, "buurtsite", None) is not None:
        raise Http404
    template = "organisations/portal/invitation.html"
    try:
        invitation = invitations.open_invitation(token)
    except ValidationError as error:
        return render(request, template, {"refused": error.messages[0]}, status=410)
    account = invitations.existing_account(invitation)
    user = request.user if request.user.is_authenticated else None
    form = AcceptInvitationForm(
        request.POST if request.method == "POST" and account is None else None,
        email=invitation.email,
    )
    context: dict[str, Any] = {"invitation": invitation, "account": account, "form": form}
    if request.method == "GET":
        return render(request, template, context)
    try:
        if account is not None:
            # The address has an account: join with it, once signed in as that person.
            if user is None:
                raise ValidationError(_("You already have an account. Sign in first."))
            joined = invitations.accept_invitation(token, user=user)
        elif form.is_valid():
            joined = invitations.accept_invitation(
                token,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
            login(request, joined, backend="django.contrib.auth.backends.ModelBackend")
        else:
            return render(request, template, context, status=400)
    except ValidationError as error:
        return render(request, template, {**context, "refusals": error.messages}, status=400)
    request.session[SESSION_KEY] = invitation.organisation_id
    messages.success(
        request, _("Welcome to the portal of %(name)s.") % {"name": invitation.organisation.name}
    )
    return redirect("organisations:home")


# History ------------------------------------------------------------------------------------


@require_GET
@portal_required
def history(request: PortalRequest) -> HttpResponse:
    versions = selectors.history_of(request.organisation)[:100]
    return render(request, "organisations/portal/history.html", {"versions": versions})


@require_GET
@portal_required
def history_detail(request: PortalRequest, version_id: int) -> HttpResponse:
    version = get_object_or_404(Version, pk=version_id, organisation=request.organisation)
    return render(
        request,
        "organisations/portal/history_detail.html",
        {"version": version, "changes": selectors.version_diff(version)},
    )


# Photos, on the platform host and on every buurtsite ----------------------------------------


@require_GET
def photo(request: HttpRequest, name: str) -> FileResponse:
    """Photos of organisations are public, like the profiles they belong to."""
    store = photos.storage()
    if not photos.is_photo_name(name) or not store.exists(name):
        raise Http404
    response = FileResponse(store.open(name, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
