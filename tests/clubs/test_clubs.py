"""Clubs: adding and changing them, joining and leaving, who shows, admins, the club page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from clubs.actions import join_club, set_club_admin
from clubs.models import Club, ClubMembership
from members.models import Profile
from tests.clubs.factories import make_activity, make_article, make_club
from tests.members.factories import client_for, make_member

VALID = {
    "name": "Moestuinclub De Groene Vingers",
    "description": "We tuinieren samen in de buurttuin aan de Ubbergseweg.",
    "contact_name": "Joëlle Peeters",
    "contact_email": "moestuin@example.nl",
    "contact_phone": "024 123 45 67",
    "website": "https://moestuin.example.nl",
}


def test_the_buurtverbinder_adds_a_club_that_anyone_can_find(
    buurtverbinder: User, oost_client: Any
) -> None:
    response = client_for(buurtverbinder).post("/clubs/nieuw/", VALID)

    club = Club.objects.get(name=VALID["name"])
    assert response.status_code == 302 and response["Location"] == f"/clubs/{club.pk}/"
    assert VALID["name"] in oost_client.get("/clubs/").content.decode()
    page = oost_client.get(f"/clubs/{club.pk}/").content.decode()
    assert "Joëlle Peeters" in page and "mailto:moestuin@example.nl" in page


def test_residents_may_not_add_clubs_or_choose_admins(
    buurtverbinder: User, resident: User, oost_client: Any
) -> None:
    club = make_club(acting_user=buurtverbinder)

    assert client_for(resident).get("/clubs/nieuw/").status_code == 403
    assert client_for(resident).post("/clubs/nieuw/", VALID).status_code == 403
    assert client_for(resident).get(f"/clubs/{club.pk}/beheerders/").status_code == 403
    assert client_for(resident).get(f"/clubs/{club.pk}/wijzigen/").status_code == 403
    assert oost_client.get("/clubs/nieuw/").status_code == 302
    assert oost_client.post(f"/clubs/{club.pk}/lid-worden/").status_code == 302
    assert not Club.objects.filter(name=VALID["name"]).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Geef de club een naam."),
        ({"description": ""}, "Vertel buren wat de club doet."),
        ({"contact_email": "geen-adres"}, "Vul een geldig e-mailadres in"),
        ({"website": "javascript:alert(1)"}, "Vul een geldig webadres in"),
        ({"name": "x" * 101}, "101"),
    ],
)
def test_bad_club_input_is_refused_in_dutch_and_nothing_is_saved(
    buurtverbinder: User, changes: dict[str, str], message: str
) -> None:
    before = Club.objects.count()
    response = client_for(buurtverbinder).post("/clubs/nieuw/", {**VALID, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Club.objects.count() == before


def test_two_clubs_cannot_have_the_same_name(buurtverbinder: User) -> None:
    make_club(name="Koor Één Stem", acting_user=buurtverbinder)
    response = client_for(buurtverbinder).post("/clubs/nieuw/", {**VALID, "name": "koor één stem"})
    assert response.status_code == 400
    assert "Er is al een club met deze naam." in response.content.decode()


def test_members_join_choose_whether_they_show_and_leave(
    buurtverbinder: User, resident: User, neighbour: User, oost_client: Any
) -> None:
    club = make_club(acting_user=buurtverbinder)
    url = f"/clubs/{club.pk}/"

    assert client_for(resident).post(f"{url}lid-worden/", {"show_on_page": "on"}).status_code == 302
    assert client_for(neighbour).post(f"{url}lid-worden/").status_code == 302

    seen_by_member = client_for(make_member()).get(url).content.decode()
    assert "Ria Resident" in seen_by_member and "Nico Neighbour" not in seen_by_member
    assert "2 leden" in seen_by_member
    assert "Ria Resident" not in oost_client.get(url).content.decode()

    client_for(resident).post(f"{url}zichtbaarheid/", {})
    assert "Ria Resident" not in client_for(neighbour).get(url).content.decode()
    assert client_for(resident).post(f"{url}opzeggen/").status_code == 302
    assert list(ClubMembership.objects.filter(club=club).values_list("member_id", flat=True)) == [
        neighbour.pk
    ]
    not_a_member = client_for(resident).post(f"{url}zichtbaarheid/", {"show_on_page": "on"})
    assert not_a_member.status_code == 400


def test_joining_twice_keeps_one_membership(buurtverbinder: User, resident: User) -> None:
    club = make_club(acting_user=buurtverbinder)
    join_club(club, show_on_page=False, acting_user=resident)
    join_club(club, show_on_page=True, acting_user=resident)
    membership = ClubMembership.objects.get(club=club, member=resident)
    assert membership.show_on_page


def test_the_buurtverbinder_makes_a_member_club_admin_who_may_then_edit(
    buurtverbinder: User, resident: User
) -> None:
    club = make_club(acting_user=buurtverbinder)
    outsider = make_member()
    join_club(club, show_on_page=False, acting_user=resident)
    client = client_for(buurtverbinder)

    refused = client.post(f"/clubs/{club.pk}/beheerders/", {"member": outsider.pk, "admin": "1"})
    assert refused.status_code == 400
    assert "Kies een van de leden van deze club." in refused.content.decode()
    assert (
        client.post(
            f"/clubs/{club.pk}/beheerders/", {"member": resident.pk, "admin": "1"}
        ).status_code
        == 302
    )

    edit = client_for(resident).post(
        f"/clubs/{club.pk}/wijzigen/", {**VALID, "name": "Nieuwe naam"}
    )
    assert edit.status_code == 302
    club.refresh_from_db()
    assert club.name == "Nieuwe naam"


def test_the_club_page_shows_its_own_news_and_activities(
    buurtverbinder: User, oost_client: Any
) -> None:
    club = make_club(acting_user=buurtverbinder)
    other = make_club(acting_user=buurtverbinder)
    make_article(author=buurtverbinder, club=club, title="Clubnieuws: nieuwe shirts")
    make_article(author=buurtverbinder, club=other, title="Nieuws van een ander")
    make_article(author=buurtverbinder, club=club, title="Nog niet af", publish=False)
    make_activity(organiser=buurtverbinder, club=club, title="Clubavond met quiz")

    page = oost_client.get(f"/clubs/{club.pk}/").content.decode()

    assert "Clubnieuws: nieuwe shirts" in page and "Clubavond met quiz" in page
    assert "Nieuws van een ander" not in page and "Nog niet af" not in page


def test_the_club_list_needs_the_same_queries_for_more_clubs(
    buurtverbinder: User, resident: User
) -> None:
    client = client_for(resident)
    for _ in range(2):
        join_club(make_club(acting_user=buurtverbinder), show_on_page=True, acting_user=resident)
    client.get("/clubs/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/clubs/").status_code == 200
    for _ in range(10):
        join_club(make_club(acting_user=buurtverbinder), show_on_page=True, acting_user=resident)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/clubs/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_club_page_needs_the_same_queries_for_more_members(
    buurtverbinder: User, resident: User
) -> None:
    club = make_club(acting_user=buurtverbinder)
    client = client_for(resident)
    join_club(club, show_on_page=True, acting_user=make_member())
    client.get(f"/clubs/{club.pk}/")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/clubs/{club.pk}/").status_code == 200
    for _ in range(8):
        join_club(club, show_on_page=True, acting_user=make_member())
        make_article(author=buurtverbinder, club=club)
        make_activity(organiser=buurtverbinder, club=club)
    with CaptureQueriesContext(connection) as many:
        page = client.get(f"/clubs/{club.pk}/")
    assert page.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_club_page_lists_admins_first_and_leaves_out_hidden_profiles(
    buurtverbinder: User, resident: User
) -> None:
    club = make_club(acting_user=buurtverbinder)
    aafke = make_member(name="Aafke Aanwezig")
    hidden = make_member(name="Verborgen Victor")
    for member in (aafke, hidden):
        join_club(club, show_on_page=True, acting_user=member)
    join_club(club, show_on_page=True, acting_user=resident)
    set_club_admin(club, resident, admin=True, acting_user=buurtverbinder)
    Profile.objects.filter(user=hidden).update(is_hidden=True)

    page = client_for(make_member()).get(f"/clubs/{club.pk}/").content.decode()

    assert "Verborgen Victor" not in page
    assert page.index("Ria Resident") < page.index("Aafke Aanwezig")
    assert "clubbeheerder" in page
