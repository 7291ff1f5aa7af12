"""No query per row: the portal's lists and the review list cost the same for 1 or 8 rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from organisations import actions, invitations, selectors
from organisations.models import Organisation
from tenants.models import Buurtsite
from tests.organisations.factories import (
    make_organisation,
    make_portal_user,
    make_professional,
    make_service,
)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _selects(queries: CaptureQueriesContext) -> int:
    return sum(1 for query in queries if not query["sql"].upper().startswith("SET "))


def _add_service(organisation: Organisation, user: User, n: int) -> None:
    make_service(organisation, name=f"Dienst {n}", acting_user=user)


def _add_location(organisation: Organisation, user: User, n: int) -> None:
    actions.save_location(organisation, acting_user=user, name=f"Plek {n}")


def _add_professional(organisation: Organisation, user: User, n: int) -> None:
    make_professional(organisation, name=f"Professional {n}")


def _add_colleague(organisation: Organisation, user: User, n: int) -> None:
    make_portal_user(organisation, role="editor")
    invitations.invite_colleague(
        organisation, email=f"uitgenodigd{n}@example.nl", role="editor", acting_user=user
    )


ROWS: list[tuple[str, Callable[[Organisation, User, int], None]]] = [
    ("/portaal/", _add_service),
    ("/portaal/diensten/", _add_service),
    ("/portaal/locaties/", _add_location),
    ("/portaal/professionals/", _add_professional),
    ("/portaal/team/", _add_colleague),
    ("/portaal/geschiedenis/", _add_service),
]


@pytest.mark.parametrize(("url", "add"), ROWS)
def test_portal_lists_do_not_grow_with_rows(
    admin_client: Client,
    organisation: Organisation,
    org_admin: User,
    url: str,
    add: Callable[[Organisation, User, int], None],
) -> None:
    add(organisation, org_admin, 0)
    one = _count(admin_client, url)
    for n in range(1, 8):
        add(organisation, org_admin, n)

    many = _count(admin_client, url)

    assert many == one
    assert one <= 12


def test_the_stale_list_on_the_home_page_does_not_grow(
    admin_client: Client, organisation: Organisation, org_admin: User
) -> None:
    from django.utils import timezone

    from organisations.models import Service

    make_service(organisation, name="Oud 0", acting_user=org_admin)
    Service.objects.update(confirmed_at=timezone.now() - selectors.FRESH_FOR)
    one = _count(admin_client, "/portaal/")
    for n in range(1, 8):
        make_service(organisation, name=f"Oud {n}", acting_user=org_admin)
    Service.objects.update(confirmed_at=timezone.now() - selectors.FRESH_FOR)

    assert _count(admin_client, "/portaal/") == one


def test_the_review_list_does_not_grow_with_changes(
    console: Client, oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    first = make_organisation(buurtsites=[oost])
    make_service(first, name="Dienst 0")
    one = _count(console, "/beheer/organisaties/wijzigingen/")
    for n in range(1, 8):
        make_service(make_organisation(buurtsites=[lindenholt]), name=f"Dienst {n}")

    assert _count(console, "/beheer/organisaties/wijzigingen/") == one


def test_the_organisation_list_does_not_grow(console: Client, oost: Buurtsite) -> None:
    make_organisation(buurtsites=[oost])
    one = _count(console, "/beheer/organisaties/")
    for _n in range(7):
        make_organisation(buurtsites=[oost])

    assert _count(console, "/beheer/organisaties/") == one


def test_services_for_buurtsite_is_one_query_however_many_services(
    organisation: Organisation, oost: Buurtsite
) -> None:
    for n in range(5):
        make_service(organisation, name=f"Dienst {n}")

    with CaptureQueriesContext(connection) as queries:
        names = [(s.name, s.organisation.name) for s in selectors.services_for_buurtsite(oost)]

    assert len(names) >= 5
    assert _selects(queries) == 1  # each service knows where it is listed


def test_changes_for_buurtsite_is_one_query(organisation: Organisation, oost: Buurtsite) -> None:
    for n in range(5):
        make_service(organisation, name=f"Dienst {n}")

    with CaptureQueriesContext(connection) as queries:
        rows = [(v.object_name, v.organisation.name) for v in selectors.changes_for_buurtsite(oost)]

    assert len(rows) >= 5
    assert _selects(queries) == 1
