"""Organisations for tests, made in the public schema through the real actions.

C2's cross-over tests use `make_organisation`, `make_service` and `make_portal_user` too:
an organisation serving a buurtsite, a listed service, and a portal account that edits it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from accounts.actions import create_member
from accounts.models import User
from organisations import actions
from organisations.models import (
    MembershipRole,
    Need,
    Organisation,
    Professional,
    Service,
    TargetGroup,
)
from tenants.models import Buurtsite, Municipality
from tests.conftest import PASSWORD, PLATFORM_HOST

_numbers = itertools.count(1)


def _public() -> None:
    # Organisations and their staff live in the public schema, whatever the test is in.
    connection.set_schema_to_public()


def make_portal_user(
    organisation: Organisation | None = None,
    *,
    role: str = MembershipRole.ADMIN,
    email: str = "",
    name: str = "",
) -> User:
    """An account in the public schema, a member of `organisation` with `role`."""
    _public()
    number = next(_numbers)
    user = create_member(
        email=email or f"medewerker{number}@organisatie.example.nl",
        password=PASSWORD,
        display_name=name or f"Medewerker {number}",
        role=User.Role.ORGANISATION,
        email_verified=True,
    )
    if organisation is not None:
        actions.add_member(organisation, user=user, role=role)
    return user


def make_organisation(
    *,
    name: str = "",
    municipality: Municipality | None = None,
    buurtsites: Iterable[Buurtsite] = (),
    kvk_number: str = "12345678",
    **fields: Any,
) -> Organisation:
    _public()
    chosen = list(buurtsites)
    if municipality is None:
        municipality = (
            chosen[0].municipality if chosen else Municipality.objects.get(cbs_code="GM0268")
        )
    organisation = Organisation.objects.create(
        municipality=municipality,
        name=name or f"Organisatie {next(_numbers)}",
        kvk_number=kvk_number,
        **fields,
    )
    organisation.buurtsites.set(chosen)
    return organisation


def make_service(
    organisation: Organisation,
    *,
    name: str = "",
    acting_user: User | None = None,
    **fields: Any,
) -> Service:
    _public()
    values: dict[str, Any] = {
        "name": name or f"Dienst {next(_numbers)}",
        "description": "Hulp bij het op orde brengen van je geldzaken.",
        "categories": [Need.MONEY],
        "target_groups": [TargetGroup.EVERYONE],
        "costs": "Gratis",
        "serves_all_buurtsites": True,
    }
    values.update(fields)
    return actions.save_service(organisation, acting_user=acting_user or _operator(), **values)


def make_professional(
    organisation: Organisation, *, name: str = "", acting_user: User | None = None, **fields: Any
) -> Professional:
    _public()
    values: dict[str, Any] = {
        "name": name or f"Professional {next(_numbers)}",
        "title": "Maatschappelijk werker",
        "contact_route": Professional.ContactRoute.BUURTVERBINDER,
        "is_active": True,
    }
    values.update(fields)
    return actions.save_professional(organisation, acting_user=acting_user or _operator(), **values)


def _operator() -> User:
    return User.objects.get(email="beheer@mijnbuurtje.localhost")


def make_buurtsite_elsewhere(*, slug: str = "elders") -> Buurtsite:
    """A registry row in another municipality (no schema needed for these tests)."""
    _public()
    municipality, _ = Municipality.objects.get_or_create(
        cbs_code="GM0344", defaults={"name": "Utrecht"}
    )
    buurtsite, _ = Buurtsite.objects.get_or_create(
        slug=slug,
        defaults={
            "name": "Lombok",
            "municipality": municipality,
            "schema_name": f"test_{slug}",
            "status": Buurtsite.Status.ACTIVE,
        },
    )
    return buurtsite


def portal_client(user: User) -> Client:
    client = Client(HTTP_HOST=PLATFORM_HOST)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# Fixtures, imported by tests/organisations/conftest.py (and by C2's tests if they like).


@pytest.fixture
def organisation(oost: Buurtsite) -> Organisation:
    return make_organisation(name="Stichting Sterker Sociaal Werk", buurtsites=[oost])


@pytest.fixture
def other_organisation(lindenholt: Buurtsite) -> Organisation:
    return make_organisation(name="Zorgcoöperatie Lindenholt", buurtsites=[lindenholt])


@pytest.fixture
def org_admin(organisation: Organisation) -> User:
    return make_portal_user(organisation, role=MembershipRole.ADMIN, name="Anouk Admin")


@pytest.fixture
def org_editor(organisation: Organisation) -> User:
    return make_portal_user(organisation, role=MembershipRole.EDITOR, name="Eddy Editor")


@pytest.fixture
def admin_client(org_admin: User) -> Client:
    return portal_client(org_admin)


@pytest.fixture
def editor_client(org_editor: User) -> Client:
    return portal_client(org_editor)
