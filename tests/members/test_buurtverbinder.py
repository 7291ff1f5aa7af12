"""The buurtverbinder's pages: the home with what needs attention, members, codes, settings."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from members import actions
from members.models import JoinCode, JoiningMode, Profile
from members.selectors import get_site_settings
from messaging.actions import send_message
from moderation.actions import report_content
from tests.members.factories import client_for, make_member


def test_home_shows_new_members_reports_and_unanswered_messages(
    buurtverbinder: User, resident: User
) -> None:
    make_member(name="Petra Pending", status=Profile.Status.PENDING)
    report_content(
        kind="profile",
        object_id=buurtverbinder.pk,
        reason="rude",
        acting_user=make_member(),
    )
    send_message(buurtverbinder, body="Is er een wandelclub?", acting_user=resident)

    page = client_for(buurtverbinder).get("/buurtverbinder/").content.decode()

    assert "Nieuwe leden om goed te keuren" in page
    assert "Petra Pending" in page
    assert "Meldingen om af te handelen" in page
    assert "Grof, bedreigend of kwetsend" in page
    assert "Berichten die op je antwoord wachten" in page
    assert "Ria Resident" in page


@pytest.mark.parametrize("extra", [2, 12])
def test_home_query_count_does_not_grow(
    buurtverbinder: User, extra: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(extra):
        make_member(status=Profile.Status.PENDING)
        writer = make_member()
        send_message(buurtverbinder, body="Vraagje", acting_user=writer)
        report_content(
            kind="profile", object_id=make_member().pk, reason="spam", acting_user=writer
        )
    client = client_for(buurtverbinder)
    client.get("/buurtverbinder/")  # the host and the theme are cached from here on

    # The search path once. One section per registered app (referrals' open help requests:
    # one query); a section with more than it shows counts the rest in one more.
    with django_assert_max_num_queries(15):
        assert client.get("/buurtverbinder/").status_code == 200


@pytest.mark.parametrize("extra", [2, 20])
def test_member_list_query_count_does_not_grow(
    buurtverbinder: User, extra: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(extra):
        make_member()
        make_member(status=Profile.Status.PENDING)
    client = client_for(buurtverbinder)

    with django_assert_max_num_queries(20):
        response = client.get("/buurtverbinder/leden/")

    assert response.status_code == 200


def test_member_list_finds_a_member_by_name_without_accents(buurtverbinder: User) -> None:
    make_member(name="Renée Özdemir")

    page = client_for(buurtverbinder).get("/buurtverbinder/leden/", {"q": "renee"})

    assert "Renée Özdemir" in page.content.decode()


def test_buurtverbinder_changes_a_role_but_not_their_own(
    buurtverbinder: User, resident: User
) -> None:
    client = client_for(buurtverbinder)

    changed = client.post(f"/buurtverbinder/leden/{resident.pk}/", {"role": "municipality"})
    own = client.post(f"/buurtverbinder/leden/{buurtverbinder.pk}/", {"role": "resident"})
    bad = client.post(f"/buurtverbinder/leden/{resident.pk}/", {"role": "operator"})

    assert changed.status_code == 302
    resident.refresh_from_db()
    assert resident.role == User.Role.MUNICIPALITY
    assert own.status_code == 400
    buurtverbinder.refresh_from_db()
    assert buurtverbinder.role == User.Role.BUURTVERBINDER
    assert bad.status_code == 400
    assert "Kies een van de rollen." in bad.content.decode()


def test_approving_someone_who_is_not_waiting_is_refused(
    buurtverbinder: User, resident: User
) -> None:
    response = client_for(buurtverbinder).post(f"/buurtverbinder/leden/{resident.pk}/goedkeuren/")

    assert response.status_code == 400
    assert "wacht niet op goedkeuring" in response.content.decode()


def test_joining_settings_change_the_mode_and_the_house_rules(buurtverbinder: User) -> None:
    client = client_for(buurtverbinder)

    response = client.post(
        "/buurtverbinder/aanmelden/",
        {"joining_mode": JoiningMode.APPROVAL, "house_rules": "Wees aardig."},
    )
    bad = client.post("/buurtverbinder/aanmelden/", {"joining_mode": "lottery"})

    assert response.status_code == 302
    site = get_site_settings()
    assert site.joining_mode == JoiningMode.APPROVAL
    assert site.house_rules == "Wees aardig."
    assert bad.status_code == 400
    assert get_site_settings().joining_mode == JoiningMode.APPROVAL


def test_codes_are_made_printed_and_removed(buurtverbinder: User) -> None:
    actions.set_joining_mode(mode=JoiningMode.CODE, acting_user=buurtverbinder)
    client = client_for(buurtverbinder)

    made = client.post(
        "/buurtverbinder/codes/", {"addresses": "Berg en Dalseweg 1\n\n  Groesbeekseweg 9 "}
    )

    assert made.status_code == 302
    codes = list(JoinCode.objects.order_by("pk"))
    assert [code.address for code in codes] == ["Berg en Dalseweg 1", "Groesbeekseweg 9"]
    assert all(len(code.code) == 8 and "0" not in code.code for code in codes)
    letters = client.get(made["Location"]).content.decode()
    assert codes[0].code in letters and codes[1].code in letters
    assert "Word lid van Nijmegen-Oost" in letters

    removed = client.post(f"/buurtverbinder/codes/{codes[0].pk}/verwijderen/")
    assert removed.status_code == 302
    assert not JoinCode.objects.filter(pk=codes[0].pk).exists()


def test_bad_code_input_is_refused(buurtverbinder: User) -> None:
    client = client_for(buurtverbinder)

    empty = client.post("/buurtverbinder/codes/", {"addresses": "  \n "})
    too_many = client.post(
        "/buurtverbinder/codes/", {"addresses": "\n".join(f"Straat {n}" for n in range(201))}
    )

    assert empty.status_code == 400
    assert "Vul minstens één adres in." in empty.content.decode()
    assert too_many.status_code == 400
    assert not JoinCode.objects.exists()


def test_a_used_code_cannot_be_removed(buurtverbinder: User, resident: User) -> None:
    [code] = actions.create_join_codes(addresses=["Hoofdstraat 1"], acting_user=buurtverbinder)
    JoinCode.objects.filter(pk=code.pk).update(used_by=resident)

    response = client_for(buurtverbinder).post(f"/buurtverbinder/codes/{code.pk}/verwijderen/")

    assert response.status_code == 400
    assert JoinCode.objects.filter(pk=code.pk).exists()


@pytest.mark.parametrize("extra", [2, 20])
def test_code_list_query_count_does_not_grow(
    buurtverbinder: User, extra: int, django_assert_max_num_queries: Any
) -> None:
    actions.create_join_codes(
        addresses=[f"Straat {n}" for n in range(extra)], acting_user=buurtverbinder
    )
    client = client_for(buurtverbinder)

    with django_assert_max_num_queries(18):
        assert client.get("/buurtverbinder/codes/").status_code == 200
