"""Planning activities and reading the agenda: roles, bad input, lists and their queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from agenda.actions import sign_up
from agenda.models import Activity
from tests.clubs.factories import make_activity, make_club
from tests.members.factories import client_for, make_member


def _form(**changes: str) -> dict[str, str]:
    data = {
        "title": "Repair Café in De Hazenkamp",
        "description": "Neem je kapotte spullen mee; we repareren ze samen.",
        "date": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "start_time": "13:30",
        "end_time": "16:00",
        "place": "Wijkcentrum Titus Brandsma",
        "capacity": "12",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "role", [User.Role.BUURTVERBINDER, User.Role.ORGANISATION, User.Role.MUNICIPALITY]
)
def test_planning_roles_add_an_activity(in_oost: Any, role: str, oost_client: Any) -> None:
    organiser = make_member(role=role)

    response = client_for(organiser).post("/agenda/nieuw/", _form())

    activity = Activity.objects.get(title="Repair Café in De Hazenkamp")
    assert response.status_code == 302 and response["Location"] == f"/agenda/{activity.pk}/"
    assert activity.organiser == organiser and activity.capacity == 12
    assert "Repair Café in De Hazenkamp" in oost_client.get("/agenda/").content.decode()


def test_residents_may_not_plan_and_visitors_are_sent_to_sign_in(
    resident: User, oost_client: Any
) -> None:
    assert client_for(resident).get("/agenda/nieuw/").status_code == 403
    assert client_for(resident).post("/agenda/nieuw/", _form()).status_code == 403
    assert oost_client.get("/agenda/nieuw/").status_code == 302
    visitor = oost_client.post("/agenda/1/aanmelden/")
    assert visitor.status_code == 302 and visitor["Location"].startswith("/account/login/")
    assert not Activity.objects.filter(title="Repair Café in De Hazenkamp").exists()


def test_a_club_admin_plans_for_their_club(buurtverbinder: User, resident: User) -> None:
    club = make_club(name="Jeu de boules Altrade", acting_user=buurtverbinder, admin=resident)
    client = client_for(resident)

    assert client.post("/agenda/nieuw/", _form()).status_code == 400
    assert client.post("/agenda/nieuw/", _form(club=str(club.pk))).status_code == 302
    activity = Activity.objects.get(title="Repair Café in De Hazenkamp")
    assert activity.club == club
    assert "Jeu de boules Altrade" in client.get(f"/agenda/{activity.pk}/").content.decode()


def test_only_the_organiser_or_the_buurtverbinder_change_it_and_see_who_comes(
    buurtverbinder: User, resident: User
) -> None:
    organiser = make_member(name="Olga Organisator", role=User.Role.ORGANISATION)
    activity = make_activity(organiser=organiser)
    sign_up(activity, acting_user=make_member(name="Gerrit Gast"))

    assert "Gerrit Gast" in client_for(organiser).get(f"/agenda/{activity.pk}/").content.decode()
    assert (
        "Gerrit Gast" in client_for(buurtverbinder).get(f"/agenda/{activity.pk}/").content.decode()
    )
    assert "Gerrit Gast" not in client_for(resident).get(f"/agenda/{activity.pk}/").content.decode()
    assert client_for(resident).get(f"/agenda/{activity.pk}/wijzigen/").status_code == 403
    other = client_for(make_member(role=User.Role.ORGANISATION))
    assert other.post(f"/agenda/{activity.pk}/wijzigen/", _form()).status_code == 403
    assert client_for(organiser).get(f"/agenda/{activity.pk}/wijzigen/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Geef de activiteit een titel."),
        ({"date": "31-02-2026"}, "Vul een datum in zoals 21-06-2026."),
        ({"date": "gisteren"}, "Vul een datum in zoals 21-06-2026."),
        ({"start_time": "25:00"}, "Vul een tijd in zoals 19:30."),
        ({"end_time": "12:00"}, "De eindtijd moet na de begintijd liggen."),
        ({"capacity": "0"}, "Het aantal plaatsen moet minstens 1 zijn"),
        ({"capacity": "veel"}, "Vul een heel getal in."),
        ({"place": ""}, "Vul in waar het is."),
        ({"club": "99999"}, "Kies een van de clubs in de lijst."),
        (
            {"date": (timezone.localdate() - timedelta(days=1)).isoformat()},
            "Kies een datum vandaag of later.",
        ),
    ],
)
def test_bad_activity_input_is_refused_in_dutch_and_nothing_is_saved(
    buurtverbinder: User, changes: dict[str, str], message: str
) -> None:
    before = Activity.objects.count()

    response = client_for(buurtverbinder).post("/agenda/nieuw/", _form(**changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Activity.objects.count() == before


def test_upcoming_and_past_lists(buurtverbinder: User, oost_client: Any) -> None:
    coming = make_activity(organiser=buurtverbinder, title="Straks: buurtlunch")
    gone = make_activity(organiser=buurtverbinder, title="Geweest: paaseieren zoeken")
    Activity.objects.filter(pk=gone.pk).update(date=timezone.localdate() - timedelta(days=3))

    upcoming = oost_client.get("/agenda/").content.decode()
    past = oost_client.get("/agenda/geweest/").content.decode()

    assert coming.title in upcoming and gone.title not in upcoming
    assert gone.title in past and coming.title not in past
    detail = oost_client.get(f"/agenda/{gone.pk}/").content.decode()
    assert "Log in om je aan te melden" in detail


@pytest.mark.parametrize("url", ["/agenda/", "/agenda/geweest/"])
def test_agenda_lists_need_the_same_queries_for_more_activities(
    buurtverbinder: User, resident: User, url: str
) -> None:
    client = client_for(resident)
    club = make_club(acting_user=buurtverbinder)

    def add(count: int) -> None:
        for _ in range(count):
            activity = make_activity(organiser=buurtverbinder, club=club, capacity=3)
            sign_up(activity, acting_user=make_member())
            if url == "/agenda/geweest/":
                Activity.objects.filter(pk=activity.pk).update(
                    date=timezone.localdate() - timedelta(days=2)
                )

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(8)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_activity_page_needs_the_same_queries_for_more_sign_ups(buurtverbinder: User) -> None:
    activity = make_activity(organiser=buurtverbinder, capacity=3)
    client = client_for(buurtverbinder)
    sign_up(activity, acting_user=make_member())
    client.get(f"/agenda/{activity.pk}/")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/agenda/{activity.pk}/").status_code == 200
    for _ in range(8):
        sign_up(activity, acting_user=make_member())
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/agenda/{activity.pk}/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
