"""Who may use which portal page: own organisation only, admin versus editor, anonymous."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisations.actions import revert_version
from organisations.models import (
    Location,
    MembershipRole,
    Organisation,
    OrganisationMembership,
    Professional,
    Service,
    Version,
)
from organisations.selectors import version_diff
from tests.conftest import OOST_HOST, PLATFORM_HOST
from tests.organisations.factories import (
    make_portal_user,
    make_professional,
    make_service,
    portal_client,
)


@dataclass
class Objects:
    service: Service
    location: Location
    professional: Professional
    version: Version
    membership: OrganisationMembership


@pytest.fixture
def objects(organisation: Organisation, org_admin: User, org_editor: User) -> Objects:
    service = make_service(organisation, name="Schuldhulp", acting_user=org_admin)
    location = Location.objects.create(organisation=organisation, name="Wijkcentrum De Brug")
    professional = make_professional(organisation, name="Fatima El Amrani")
    return Objects(
        service=service,
        location=location,
        professional=professional,
        version=organisation.versions.first(),  # type: ignore[arg-type]
        membership=OrganisationMembership.objects.get(user=org_editor),
    )


# (url name, kwargs from objects, admin only)
PAGES = [
    ("organisations:home", None, False),
    ("organisations:profile", None, False),
    ("organisations:services", None, False),
    ("organisations:new_service", None, False),
    ("organisations:service", "service", False),
    ("organisations:locations", None, False),
    ("organisations:new_location", None, False),
    ("organisations:location", "location", False),
    ("organisations:professionals", None, False),
    ("organisations:new_professional", None, False),
    ("organisations:professional", "professional", False),
    ("organisations:history", None, False),
    ("organisations:history_detail", "version", False),
    ("organisations:buurtsites", None, True),
    ("organisations:team", None, True),
]
ACTIONS = [
    ("organisations:confirm_service", "service", False),
    ("organisations:withdraw_service", "service", False),
    ("organisations:add_service_photo", "service", False),
    ("organisations:remove_service_photo", "service", False),
    ("organisations:upload_logo", None, False),
    ("organisations:add_photo", None, False),
    ("organisations:remove_photo", None, False),
    ("organisations:professional_photo", "professional", False),
    ("organisations:remove_location", "location", False),
    ("organisations:remove_member", "membership", True),
    ("organisations:choose", None, False),
]
ALL = PAGES + ACTIONS
KWARG = {
    "service": "service_id",
    "location": "location_id",
    "professional": "professional_id",
    "version": "version_id",
    "membership": "membership_id",
}


def url_for(name: str, key: str | None, objects: Objects) -> str:
    if key is None:
        return reverse(name, urlconf="mijnbuurtje.urls_platform")
    return reverse(
        name, kwargs={KWARG[key]: getattr(objects, key).pk}, urlconf="mijnbuurtje.urls_platform"
    )


@pytest.mark.parametrize(("name", "key", "admin_only"), ALL)
def test_anonymous_visitors_are_sent_to_sign_in(
    objects: Objects, name: str, key: str | None, admin_only: bool
) -> None:
    client = Client(HTTP_HOST=PLATFORM_HOST)
    url = url_for(name, key, objects)

    response = client.post(url) if (name, key, admin_only) in ACTIONS else client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


@pytest.mark.parametrize(("name", "key", "admin_only"), PAGES)
def test_admins_open_every_page(
    admin_client: Client, objects: Objects, name: str, key: str | None, admin_only: bool
) -> None:
    response = admin_client.get(url_for(name, key, objects))

    assert response.status_code == 200


@pytest.mark.parametrize(("name", "key", "admin_only"), PAGES)
def test_editors_open_every_page_but_the_admin_pages(
    editor_client: Client, objects: Objects, name: str, key: str | None, admin_only: bool
) -> None:
    response = editor_client.get(url_for(name, key, objects))

    assert response.status_code == (403 if admin_only else 200)


def test_editors_cannot_remove_colleagues(editor_client: Client, objects: Objects) -> None:
    response = editor_client.post(url_for("organisations:remove_member", "membership", objects))

    assert response.status_code == 403
    assert OrganisationMembership.objects.filter(pk=objects.membership.pk).exists()


@pytest.mark.parametrize(("name", "key", "admin_only"), [row for row in ALL if row[1]])
def test_another_organisations_objects_are_not_found(
    objects: Objects, other_organisation: Organisation, name: str, key: str, admin_only: bool
) -> None:
    stranger = portal_client(make_portal_user(other_organisation, role=MembershipRole.ADMIN))
    url = url_for(name, key, objects)

    response = stranger.post(url) if (name, key, admin_only) in ACTIONS else stranger.get(url)

    assert response.status_code == 404


def test_a_stranger_cannot_confirm_or_withdraw_anothers_service(
    objects: Objects, other_organisation: Organisation
) -> None:
    stranger = portal_client(make_portal_user(other_organisation))
    before = Service.objects.get(pk=objects.service.pk)

    stranger.post(url_for("organisations:withdraw_service", "service", objects))
    stranger.post(url_for("organisations:confirm_service", "service", objects))

    after = Service.objects.get(pk=objects.service.pk)
    assert after.withdrawn_at is None
    assert after.confirmed_at == before.confirmed_at


def test_a_stranger_cannot_switch_to_another_organisation(
    objects: Objects, organisation: Organisation, other_organisation: Organisation
) -> None:
    stranger = portal_client(make_portal_user(other_organisation))

    response = stranger.post(
        url_for("organisations:choose", None, objects), {"organisation": organisation.pk}
    )

    assert response.status_code == 404
    assert stranger.get("/portaal/profiel/").context["request"].organisation == other_organisation


def test_someone_without_an_organisation_is_told_so(db: None) -> None:
    client = portal_client(make_portal_user(None))

    response = client.get("/portaal/diensten/", follow=True)

    assert response.status_code == 403
    assert "hoort niet bij een organisatie" in response.content.decode()


@pytest.mark.parametrize(("name", "key", "admin_only"), ALL)
def test_the_portal_does_not_exist_on_a_buurtsite(
    objects: Objects, oost_client: Client, name: str, key: str | None, admin_only: bool
) -> None:
    response = oost_client.get(url_for(name, key, objects))

    assert response.status_code == 404


def test_a_member_of_two_organisations_switches_between_them(
    organisation: Organisation, other_organisation: Organisation, org_admin: User
) -> None:
    OrganisationMembership.objects.create(
        user=org_admin, organisation=other_organisation, role=MembershipRole.EDITOR
    )
    client = portal_client(org_admin)

    client.post("/portaal/kiezen/", {"organisation": other_organisation.pk})

    response = client.get("/portaal/")
    assert response.context["request"].organisation == other_organisation
    assert response.context["request"].membership.role == MembershipRole.EDITOR


def test_the_session_of_a_buurtsite_is_useless_on_the_portal(
    organisation: Organisation, oost_client: Client, in_oost: object
) -> None:
    from tests.members.factories import make_member, signed_in

    member = make_member(name="Ria Resident", email="ria@example.nl")
    signed_in(oost_client, member)
    cookie = oost_client.cookies["sessionid"].value
    platform = Client(HTTP_HOST=PLATFORM_HOST)
    platform.cookies["sessionid"] = cookie

    response = platform.get("/portaal/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert OOST_HOST != PLATFORM_HOST


def test_is_organisation_admin_answers_for_that_organisation_only(
    organisation: Organisation, other_organisation: Organisation, org_admin: User, org_editor: User
) -> None:
    from django.contrib.auth.models import AnonymousUser

    from organisations.permissions import is_organisation_admin

    assert is_organisation_admin(org_admin, organisation)
    assert not is_organisation_admin(org_editor, organisation)
    assert not is_organisation_admin(org_admin, other_organisation)
    assert not is_organisation_admin(AnonymousUser(), organisation)
    User.objects.filter(pk=org_admin.pk).update(is_active=False)
    org_admin.refresh_from_db()
    assert not is_organisation_admin(org_admin, organisation)


def test_a_location_is_removed_from_its_services_and_listed_for_review(
    editor_client: Client, objects: Objects
) -> None:
    objects.service.locations.add(objects.location)
    url = url_for("organisations:remove_location", "location", objects)

    assert editor_client.get(url).status_code == 405
    response = editor_client.post(url)

    assert response.status_code == 302
    assert not Location.objects.filter(pk=objects.location.pk).exists()
    assert list(objects.service.locations.all()) == []
    removal = Version.objects.get(kind=Version.Kind.LOCATION, object_id=objects.location.pk)
    assert removal.is_removal
    changes = [(change.before, change.after) for change in version_diff(removal)]
    assert ("Wijkcentrum De Brug", "") in changes
    assert all(after == "" for _before, after in changes)


def test_a_removed_location_cannot_be_reverted(editor_client: Client, objects: Objects) -> None:
    editor_client.post(url_for("organisations:remove_location", "location", objects))
    removal = Version.objects.get(kind=Version.Kind.LOCATION, object_id=objects.location.pk)

    with pytest.raises(ValidationError) as refused:
        revert_version(removal, reviewer_name="Operator")

    assert refused.value.code == "gone"
