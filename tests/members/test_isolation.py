"""A member, profile, report or code id of one buurtsite means nothing on another."""

from __future__ import annotations

from django.conf import settings
from django_tenants.utils import tenant_context

from accounts.models import User
from members.actions import create_join_codes
from moderation.actions import report_content
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST
from tests.members.factories import client_for, make_member


def test_ids_of_one_buurtsite_are_unknown_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        connector = make_member(role=User.Role.BUURTVERBINDER)
        members = [make_member() for _ in range(3)]
        target = members[-1]
        report = report_content(
            kind="profile", object_id=target.pk, reason="spam", acting_user=members[0]
        )
        [code] = create_join_codes(addresses=["Dorpsstraat 1"], acting_user=connector)
    with tenant_context(lindenholt):
        lindenholt_connector = make_member(role=User.Role.BUURTVERBINDER)
        client = client_for(lindenholt_connector, LINDENHOLT_HOST)
        unknown = [
            f"/buurtverbinder/gemeld/{report.pk}/",
            f"/buurtverbinder/codes/{code.pk}/verwijderen/",
        ]
        known_ids = set(User.objects.values_list("pk", flat=True))
        responses = {url: client.get(url).status_code for url in unknown[:1]}
        responses[unknown[1]] = client.post(unknown[1]).status_code
        if target.pk not in known_ids:
            responses[f"/buren/{target.pk}/"] = client.get(f"/buren/{target.pk}/").status_code
            responses[f"/berichten/aan/{target.pk}/"] = client.get(
                f"/berichten/aan/{target.pk}/"
            ).status_code

    assert set(responses.values()) == {404}, responses


def test_a_members_session_is_anonymous_on_another_buurtsite(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        member = make_member()
        oost_client = client_for(member)
        session = oost_client.cookies[settings.SESSION_COOKIE_NAME].value
    with tenant_context(lindenholt):
        from django.test import Client

        stranger = Client(HTTP_HOST=LINDENHOLT_HOST)
        stranger.cookies[settings.SESSION_COOKIE_NAME] = session
        response = stranger.get("/buren/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
