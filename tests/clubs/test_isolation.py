"""A club id, membership or session of one buurtsite means nothing on another."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from clubs.actions import join_club
from tenants.models import Buurtsite
from tests.clubs.factories import make_club
from tests.clubs.isolation import made_only_in
from tests.conftest import LINDENHOLT_HOST
from tests.members.factories import client_for, make_member


def test_club_ids_of_one_buurtsite_are_unknown_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        connector = make_member(role=User.Role.BUURTVERBINDER)
    club = made_only_in(oost, lindenholt, lambda: make_club(acting_user=connector))
    with tenant_context(lindenholt):
        client = client_for(make_member(role=User.Role.BUURTVERBINDER), LINDENHOLT_HOST)
        gets = [
            f"/clubs/{club.pk}/",
            f"/clubs/{club.pk}/wijzigen/",
            f"/clubs/{club.pk}/beheerders/",
        ]
        posts = [
            f"/clubs/{club.pk}/lid-worden/",
            f"/clubs/{club.pk}/opzeggen/",
            f"/clubs/{club.pk}/zichtbaarheid/",
            f"/clubs/{club.pk}/wijzigen/",
            f"/clubs/{club.pk}/beheerders/",
        ]
        statuses = {f"GET {url}": client.get(url).status_code for url in gets}
        statuses |= {f"POST {url}": client.post(url, {"name": "x"}).status_code for url in posts}
        listing = client.get("/clubs/").content.decode()

    assert set(statuses.values()) == {404}, statuses
    assert club.name not in listing


def test_an_oost_session_is_anonymous_on_lindenholt(oost: Buurtsite, lindenholt: Buurtsite) -> None:
    with tenant_context(oost):
        member = make_member()
        session = client_for(member).cookies[settings.SESSION_COOKIE_NAME].value
    with tenant_context(lindenholt):
        club = make_club(acting_user=make_member(role=User.Role.BUURTVERBINDER))
        stranger = Client(HTTP_HOST=LINDENHOLT_HOST)
        stranger.cookies[settings.SESSION_COOKIE_NAME] = session
        response = stranger.post(f"/clubs/{club.pk}/lid-worden/")
        assert not club.memberships.exists()

    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_a_member_of_another_buurtsite_cannot_be_made_admin(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    outsider = made_only_in(oost, lindenholt, make_member)
    with tenant_context(lindenholt):
        connector = make_member(role=User.Role.BUURTVERBINDER)
        club = make_club(acting_user=connector)
        join_club(club, show_on_page=True, acting_user=make_member())
        response = client_for(connector, LINDENHOLT_HOST).post(
            f"/clubs/{club.pk}/beheerders/", {"member": outsider.pk, "admin": "1"}
        )
        assert not club.memberships.filter(role="admin").exists()

    assert response.status_code == 400
