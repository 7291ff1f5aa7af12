"""An activity id, sign-up or session of one buurtsite means nothing on another."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from agenda.actions import sign_up
from agenda.models import SignUp
from agenda.tasks import email_moved_up
from tenants.models import Buurtsite
from tests.clubs.factories import make_activity
from tests.clubs.isolation import made_only_in
from tests.conftest import LINDENHOLT_HOST
from tests.members.factories import client_for, make_member


def test_activity_ids_of_one_buurtsite_are_unknown_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        organiser = make_member(role=User.Role.BUURTVERBINDER)
    activity = made_only_in(
        oost, lindenholt, lambda: make_activity(organiser=organiser, title="Alleen Oost")
    )
    with tenant_context(lindenholt):
        client = client_for(make_member(role=User.Role.BUURTVERBINDER), LINDENHOLT_HOST)
        gets = [
            f"/agenda/{activity.pk}/",
            f"/agenda/{activity.pk}/agenda.ics",
            f"/agenda/{activity.pk}/wijzigen/",
        ]
        posts = [
            f"/agenda/{activity.pk}/aanmelden/",
            f"/agenda/{activity.pk}/afmelden/",
            f"/agenda/{activity.pk}/wijzigen/",
        ]
        statuses = {f"GET {url}": client.get(url).status_code for url in gets}
        statuses |= {f"POST {url}": client.post(url).status_code for url in posts}
        listing = client.get("/agenda/").content.decode()

    assert set(statuses.values()) == {404}, statuses
    assert "Alleen Oost" not in listing
    with tenant_context(oost):
        assert not SignUp.objects.filter(activity=activity).exists()


def test_the_moved_up_task_with_an_id_of_another_buurtsite_does_nothing(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        organiser = make_member(role=User.Role.BUURTVERBINDER)
        activity = make_activity(organiser=organiser)

    def moved_up_entry() -> SignUp:
        entry = sign_up(activity, acting_user=make_member())
        SignUp.objects.filter(pk=entry.pk).update(moved_up_at=activity.created_at)
        return entry

    entry = made_only_in(oost, lindenholt, moved_up_entry)
    with tenant_context(lindenholt):
        assert email_moved_up.run(entry.pk) is False
    with tenant_context(oost):
        assert SignUp.objects.get(pk=entry.pk).moved_up_emailed_at is None
        assert email_moved_up.run(entry.pk) is True


def test_an_oost_session_cannot_sign_up_on_lindenholt(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        session = client_for(make_member()).cookies[settings.SESSION_COOKIE_NAME].value
    with tenant_context(lindenholt):
        activity = make_activity(organiser=make_member(role=User.Role.BUURTVERBINDER))
        stranger = Client(HTTP_HOST=LINDENHOLT_HOST)
        stranger.cookies[settings.SESSION_COOKIE_NAME] = session
        response = stranger.post(f"/agenda/{activity.pk}/aanmelden/")
        assert not SignUp.objects.filter(activity=activity).exists()

    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
