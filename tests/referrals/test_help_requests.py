"""Help requests: asking privately, referring, following up, the history, e-mail, isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from members.actions import delete_account
from members.permissions import can_refer
from messaging.models import Message
from referrals import actions
from referrals.actions import ReferralTarget, ask_for_help, refer_help_request
from referrals.models import Event, HelpRequest, Referral
from referrals.selectors import open_help_requests
from referrals.tasks import email_help_request_update
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST
from tests.members.factories import client_for, make_member


def _ask(member: User, subject: str = "Hulp bij brieven van de gemeente") -> HelpRequest:
    return ask_for_help(
        subject=subject, description="Ik begrijp de brief over de WMO niet.", acting_user=member
    )


# Asking -------------------------------------------------------------------------------------


def test_a_member_asks_for_help_privately(resident: User, neighbour: User) -> None:
    client = client_for(resident)
    assert client.get("/hulp/vragen/").status_code == 200

    response = client.post(
        "/hulp/vragen/",
        {"subject": "Hulp met de thuiszorg voor José", "description": "Wie weet raad? Één vraag."},
    )

    assert response.status_code == 302
    help_request = HelpRequest.objects.get(member=resident)
    assert response["Location"] == f"/hulp/{help_request.pk}/"
    assert help_request.subject == "Hulp met de thuiszorg voor José"
    assert help_request.state == HelpRequest.State.NEW
    [event] = help_request.events.all()
    assert event.kind == Event.Kind.ASKED and event.actor == resident
    page = client.get(f"/hulp/{help_request.pk}/").content.decode()
    assert "Hulp met de thuiszorg voor José" in page and "Hulp gevraagd" in page
    assert "Hulp met de thuiszorg voor José" in client.get("/hulp/").content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"subject": "", "description": "Iets"}, "Schrijf in een paar woorden waar het over gaat."),
        ({"subject": "Vraag", "description": ""}, "Vertel waar je hulp bij nodig hebt."),
        ({"subject": "x" * 151, "description": "Iets"}, "Gebruik hoogstens 150 tekens."),
        ({"subject": "Vraag", "description": "x" * 3001}, "Gebruik hoogstens 3000 tekens."),
    ],
)
def test_bad_questions_are_refused_in_dutch(
    resident: User, data: dict[str, str], message: str
) -> None:
    response = client_for(resident).post("/hulp/vragen/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HelpRequest.objects.filter(member=resident).exists()


def test_asking_has_a_rate_limit(resident: User, monkeypatch: Any) -> None:
    monkeypatch.setattr(actions, "RATE_LIMIT", (1, 3600))
    client = client_for(resident)
    assert client.post("/hulp/vragen/", {"subject": "Eén", "description": "x"}).status_code == 302
    limited = client.post("/hulp/vragen/", {"subject": "Twee", "description": "x"})

    assert limited.status_code == 429
    assert HelpRequest.objects.filter(member=resident).count() == 1


def test_nobody_else_sees_a_help_request(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    help_request = _ask(resident)

    assert client_for(neighbour).get(f"/hulp/{help_request.pk}/").status_code == 404
    # The buurtverbinder works from their own pages, never the member's.
    assert client_for(buurtverbinder).get(f"/hulp/{help_request.pk}/").status_code == 404
    assert "brieven" not in client_for(neighbour).get("/hulp/").content.decode()
    for url in [
        "/buurtverbinder/hulpvragen/",
        f"/buurtverbinder/hulpvragen/{help_request.pk}/",
    ]:
        response = client_for(neighbour).get(url)
        assert response.status_code == 403
        assert "brieven" not in response.content.decode()
    for url in ["doorverwijzen", "status", "notitie"]:
        response = client_for(resident).post(
            f"/buurtverbinder/hulpvragen/{help_request.pk}/{url}/",
            {"state": "closed", "text": "x", "kind": "other", "name": "x"},
        )
        assert response.status_code == 403
    assert help_request.events.count() == 1


def test_visitors_are_sent_to_sign_in(oost_client: Client, resident: User) -> None:
    help_request = _ask(resident)
    for url in ["/hulp/", f"/hulp/{help_request.pk}/", "/buurtverbinder/hulpvragen/"]:
        response = oost_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (User.Role.RESIDENT, False),
        (User.Role.ORGANISATION, False),
        (User.Role.MUNICIPALITY, False),
        (User.Role.BUURTVERBINDER, True),
    ],
)
def test_only_buurtverbinders_can_refer(in_oost: Buurtsite, role: str, allowed: bool) -> None:
    assert can_refer(make_member(role=role)) is allowed


# Referring ----------------------------------------------------------------------------------


def test_referring_to_a_neighbour_messages_them_and_emails_the_member(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    help_request = _ask(resident, subject="Hulp bij de tuin van Renée")
    client = client_for(buurtverbinder)
    page = client.get(f"/buurtverbinder/hulpvragen/{help_request.pk}/").content.decode()
    assert "Nico Neighbour" in page

    response = client.post(
        f"/buurtverbinder/hulpvragen/{help_request.pk}/doorverwijzen/",
        {"kind": "neighbour", "neighbour": neighbour.pk, "note": "Nico is tuinman, hé!"},
    )

    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.state == HelpRequest.State.REFERRED
    referral = Referral.objects.get(help_request=help_request)
    assert referral.neighbour == neighbour and referral.name == "Nico Neighbour"
    event = help_request.events.get(kind=Event.Kind.REFERRAL)
    assert (
        event.actor == buurtverbinder and event.old_state == "new" and event.new_state == "referred"
    )
    message = Message.objects.get(sender=buurtverbinder, conversation__participants__user=neighbour)
    assert "Ria Resident" in message.body and "Hulp bij de tuin van Renée" in message.body
    assert "Nico is tuinman, hé!" in message.body

    mail.outbox.clear()
    assert email_help_request_update.run(event.pk) == 1
    assert email_help_request_update.run(event.pk) == 0  # a repeated task sends nothing twice
    [email] = mail.outbox
    assert email.to == [resident.email]
    assert email.subject == "Je hulpvraag is doorverwezen – Nijmegen-Oost"
    assert "„Hulp bij de tuin van Renée” doorverwezen" in email.body
    assert "Je bent doorverwezen naar: Nico Neighbour" in email.body
    assert "Nico is tuinman, hé!" in email.body
    assert f"http://oost.localhost:8000/hulp/{help_request.pk}/" in email.body

    member_page = client_for(resident).get(f"/hulp/{help_request.pk}/").content.decode()
    assert "Doorverwezen naar Nico Neighbour" in member_page


def test_the_social_map_refers_to_a_service_through_the_action(
    resident: User, buurtverbinder: User
) -> None:
    help_request = _ask(resident)
    assert help_request in open_help_requests()

    referral = refer_help_request(
        help_request,
        acting_user=buurtverbinder,
        target=ReferralTarget(
            kind="organisation",
            name="Sterker sociaal werk – schuldhulp",
            reference="service:12",
            url="/sociale-kaart/diensten/12/",
        ),
        note="Zij bellen je deze week.",
    )

    assert referral.reference == "service:12"
    assert referral.url == "/sociale-kaart/diensten/12/"
    page = client_for(resident).get(f"/hulp/{help_request.pk}/").content.decode()
    assert "Sterker sociaal werk – schuldhulp" in page
    assert 'href="/sociale-kaart/diensten/12/"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": ""}, "Kies naar wie je doorverwijst."),
        ({"kind": "neighbour"}, "Kies een buur die lid is van deze buurtsite."),
        ({"kind": "neighbour", "neighbour": "999999"}, "Kies een buur uit de lijst."),
        ({"kind": "organisation", "name": ""}, "Schrijf op naar wie je doorverwijst."),
        (
            {"kind": "organisation", "name": "Sterker", "url": "javascript:alert(1)"},
            "Geef een webadres dat begint met https://",
        ),
        ({"kind": "other", "name": "x" * 201}, "Gebruik hoogstens 200 tekens."),
    ],
)
def test_bad_referrals_are_refused_and_nothing_is_saved(
    resident: User, buurtverbinder: User, data: dict[str, str], message: str
) -> None:
    help_request = _ask(resident)
    response = client_for(buurtverbinder).post(
        f"/buurtverbinder/hulpvragen/{help_request.pk}/doorverwijzen/", data
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Referral.objects.filter(help_request=help_request).exists()
    help_request.refresh_from_db()
    assert help_request.state == HelpRequest.State.NEW and help_request.events.count() == 1


def test_the_asker_and_a_bad_reference_are_refused_by_the_action(
    resident: User, buurtverbinder: User
) -> None:
    help_request = _ask(resident)
    for target in [
        ReferralTarget(kind="neighbour", name="", neighbour=resident),
        ReferralTarget(kind="organisation", name="X", reference="anything:12"),
        ReferralTarget(kind="organisation", name="X", neighbour=resident),
        ReferralTarget(kind="huisarts", name="X"),
    ]:
        with pytest.raises(actions.ValidationError):
            refer_help_request(help_request, acting_user=buurtverbinder, target=target)
    with pytest.raises(actions.ReferralRefused):
        refer_help_request(
            help_request, acting_user=resident, target=ReferralTarget(kind="other", name="X")
        )
    assert not Referral.objects.filter(help_request=help_request).exists()


# Following up -------------------------------------------------------------------------------


def test_every_state_change_is_a_history_entry(resident: User, buurtverbinder: User) -> None:
    help_request = _ask(resident)
    client = client_for(buurtverbinder)
    url = f"/buurtverbinder/hulpvragen/{help_request.pk}/status/"

    for state in ["in_progress", "resolved", "in_progress", "closed", "in_progress"]:
        response = client.post(url, {"state": state, "note": ""})
        assert response.status_code == 302
        help_request.refresh_from_db()
        assert help_request.state == state
    refer_help_request(
        help_request,
        acting_user=buurtverbinder,
        target=ReferralTarget(kind="other", name="Huisarts"),
    )
    assert client.post(url, {"state": "resolved"}).status_code == 302

    events = list(help_request.events.order_by("created_at", "id"))
    assert [(event.old_state, event.new_state) for event in events] == [
        ("", "new"),
        ("new", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "in_progress"),
        ("in_progress", "closed"),
        ("closed", "in_progress"),
        ("in_progress", "referred"),
        ("referred", "resolved"),
    ]
    assert all(event.actor for event in events)
    page = client.get(f"/buurtverbinder/hulpvragen/{help_request.pk}/").content.decode()
    assert page.count("Status: Mee bezig") == 3


@pytest.mark.parametrize(
    ("start", "state", "message"),
    [
        ("new", "new", "Dit kan nu niet: de hulpvraag is nieuw."),
        ("resolved", "closed", "Dit kan nu niet: de hulpvraag is opgelost."),
        ("new", "referred", "Kies een van de statussen uit de lijst."),
        ("new", "kwijt", "Kies een van de statussen uit de lijst."),
    ],
)
def test_impossible_state_changes_are_refused(
    resident: User, buurtverbinder: User, start: str, state: str, message: str
) -> None:
    help_request = _ask(resident)
    HelpRequest.objects.filter(pk=help_request.pk).update(state=start)

    response = client_for(buurtverbinder).post(
        f"/buurtverbinder/hulpvragen/{help_request.pk}/status/", {"state": state}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.state == start and help_request.events.count() == 1


def test_a_finished_request_cannot_be_referred(resident: User, buurtverbinder: User) -> None:
    help_request = _ask(resident)
    HelpRequest.objects.filter(pk=help_request.pk).update(state="closed")
    response = client_for(buurtverbinder).post(
        f"/buurtverbinder/hulpvragen/{help_request.pk}/doorverwijzen/",
        {"kind": "other", "name": "Huisarts"},
    )
    assert response.status_code == 400
    assert "Deze hulpvraag is afgerond." in response.content.decode()
    assert not Referral.objects.filter(help_request=help_request).exists()


def test_resolving_emails_the_member_in_dutch(resident: User, buurtverbinder: User) -> None:
    help_request = _ask(resident, subject="Boodschappen voor mevrouw Çelik")
    actions.set_help_request_state(
        help_request, state="resolved", note="Fijn dat het gelukt is!", acting_user=buurtverbinder
    )
    event = help_request.events.get(new_state="resolved")
    mail.outbox.clear()

    assert email_help_request_update.run(event.pk) == 1
    [email] = mail.outbox
    assert email.subject == "Je hulpvraag is opgelost – Nijmegen-Oost"
    assert "„Boodschappen voor mevrouw Çelik” op opgelost gezet" in email.body
    assert "Fijn dat het gelukt is!" in email.body


def test_no_email_for_other_states(resident: User, buurtverbinder: User) -> None:
    help_request = _ask(resident)
    actions.set_help_request_state(help_request, state="in_progress", acting_user=buurtverbinder)
    event = help_request.events.get(new_state="in_progress")
    mail.outbox.clear()
    assert email_help_request_update.run(event.pk) == 0
    assert mail.outbox == []


def test_notes_are_for_buurtverbinders_unless_shared(resident: User, buurtverbinder: User) -> None:
    help_request = _ask(resident)
    client = client_for(buurtverbinder)
    url = f"/buurtverbinder/hulpvragen/{help_request.pk}/notitie/"

    assert (
        client.post(url, {"text": "Binnenkort bellen, mevrouw is slechthorend."}).status_code == 302
    )
    assert (
        client.post(url, {"text": "Ik bel je donderdag.", "shared_with_member": "on"}).status_code
        == 302
    )
    empty = client.post(url, {"text": "  "})

    assert empty.status_code == 400 and "Schrijf eerst een notitie." in empty.content.decode()
    assert help_request.events.filter(kind=Event.Kind.NOTE).count() == 2
    connector_page = client.get(f"/buurtverbinder/hulpvragen/{help_request.pk}/").content.decode()
    assert "slechthorend" in connector_page and "Ik bel je donderdag." in connector_page
    member_page = client_for(resident).get(f"/hulp/{help_request.pk}/").content.decode()
    assert "slechthorend" not in member_page and "Ik bel je donderdag." in member_page


# The buurtverbinder home, lists, leaving ----------------------------------------------------


def test_open_help_requests_are_on_the_buurtverbinder_home(
    resident: User, buurtverbinder: User
) -> None:
    _ask(resident, subject="Eenzaam sinds de verhuizing")
    closed = _ask(resident, subject="Al geregeld")
    actions.set_help_request_state(closed, state="closed", acting_user=buurtverbinder)

    home = client_for(buurtverbinder).get("/buurtverbinder/").content.decode()

    assert "Open hulpvragen" in home
    assert "Eenzaam sinds de verhuizing" in home and "Al geregeld" not in home


def test_the_queue_filters_by_state(resident: User, buurtverbinder: User) -> None:
    _ask(resident, subject="Open vraag")
    closed = _ask(resident, subject="Gesloten vraag")
    actions.set_help_request_state(closed, state="closed", acting_user=buurtverbinder)
    client = client_for(buurtverbinder)

    default = client.get("/buurtverbinder/hulpvragen/").content.decode()
    finished = client.get("/buurtverbinder/hulpvragen/?state=closed").content.decode()
    bad = client.get("/buurtverbinder/hulpvragen/?state=weg")

    assert "Open vraag" in default and "Gesloten vraag" not in default
    assert "Gesloten vraag" in finished and "Open vraag" not in finished
    assert (
        bad.status_code == 400 and "Kies een van de statussen uit de lijst." in bad.content.decode()
    )


@pytest.mark.parametrize("count", [2, 12])
def test_list_query_counts_do_not_grow(
    resident: User, buurtverbinder: User, count: int, django_assert_max_num_queries: Any
) -> None:
    for number in range(count):
        help_request = _ask(make_member(), subject=f"Vraag {number}")
        refer_help_request(
            help_request, acting_user=buurtverbinder, target=ReferralTarget(kind="other", name="X")
        )
        actions.add_help_request_note(
            help_request, text="Notitie", shared_with_member=True, acting_user=buurtverbinder
        )
    own = _ask(resident)
    for number in range(count):
        actions.add_help_request_note(
            own, text=f"Notitie {number}", shared_with_member=True, acting_user=buurtverbinder
        )
    connector = client_for(buurtverbinder)
    member = client_for(resident)

    with django_assert_max_num_queries(14):
        assert connector.get("/buurtverbinder/hulpvragen/").status_code == 200
    with django_assert_max_num_queries(18):
        assert connector.get(f"/buurtverbinder/hulpvragen/{own.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert member.get("/hulp/").status_code == 200
    with django_assert_max_num_queries(12):
        assert member.get(f"/hulp/{own.pk}/").status_code == 200
    with django_assert_max_num_queries(24):
        assert connector.get("/buurtverbinder/").status_code == 200


def test_leaving_erases_the_members_help_requests(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    help_request = _ask(resident)
    other = _ask(make_member())
    refer_help_request(
        other,
        acting_user=buurtverbinder,
        target=ReferralTarget(kind="neighbour", name="", neighbour=neighbour),
    )

    delete_account(resident, acting_user=resident)
    delete_account(neighbour, acting_user=neighbour)

    assert not HelpRequest.objects.filter(pk=help_request.pk).exists()
    referral = Referral.objects.get(help_request=other)
    assert referral.neighbour is None and referral.name == "Nico Neighbour"


# Isolation ----------------------------------------------------------------------------------


def test_ids_of_one_buurtsite_are_unknown_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        member = make_member()
        connector = make_member(role=User.Role.BUURTVERBINDER)
        help_request = ask_for_help(subject="Alleen in Oost", description="x", acting_user=member)
        actions.set_help_request_state(help_request, state="resolved", acting_user=connector)
        event = help_request.events.get(new_state="resolved")
    with tenant_context(lindenholt):
        assert not HelpRequest.objects.filter(pk=help_request.pk).exists()
        lindenholt_connector = make_member(role=User.Role.BUURTVERBINDER)
        client = client_for(lindenholt_connector, LINDENHOLT_HOST)
        base = f"/buurtverbinder/hulpvragen/{help_request.pk}/"
        statuses = {
            f"/hulp/{help_request.pk}/": client.get(f"/hulp/{help_request.pk}/").status_code,
            base: client.get(base).status_code,
        }
        for action in ["doorverwijzen", "status", "notitie"]:
            statuses[base + action] = client.post(
                f"{base}{action}/", {"kind": "other", "name": "X", "state": "closed", "text": "x"}
            ).status_code
        listed = client.get("/buurtverbinder/hulpvragen/").content.decode()
        mail.outbox.clear()
        # The e-mail task in the wrong buurtsite finds nothing to send.
        sent = email_help_request_update.run(event.pk)

    assert set(statuses.values()) == {404}, statuses
    assert "Alleen in Oost" not in listed
    assert sent == 0 and mail.outbox == []


def test_the_demo_has_a_referred_and_a_waiting_help_request_and_items(in_oost: Buurtsite) -> None:
    from marketplace.models import Item
    from mijnbuurtje.demo import load_demo

    resident = User.objects.get(email="bewoner@oost.localhost")
    states = sorted(HelpRequest.objects.filter(member=resident).values_list("state", flat=True))
    items = Item.objects.filter(owner__email__endswith="@oost.localhost").count()

    load_demo()  # a second time changes nothing

    assert states == ["new", "referred"]
    assert HelpRequest.objects.filter(member=resident).count() == 2
    assert items == 4
    assert Item.objects.filter(owner__email__endswith="@oost.localhost").count() == 4
