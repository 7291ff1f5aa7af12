"""Every role on every view of members, messaging and moderation, checked in one table.

Outcomes: "login" (a visitor is sent to sign in), "denied" (403), "ok" (the view ran: any
answer but those two). The last test makes sure no view of these apps is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User
from members.models import Profile
from messaging.actions import send_message
from moderation.actions import report_content
from tenants.models import Buurtsite
from tests.conftest import OOST_HOST
from tests.members.factories import client_for, make_member

VISITOR, PENDING, RESIDENT, ORGANISATION, MUNICIPALITY, BUURTVERBINDER = (
    "visitor",
    "pending",
    "resident",
    "organisation",
    "municipality",
    "buurtverbinder",
)
WHO = [VISITOR, PENDING, RESIDENT, ORGANISATION, MUNICIPALITY, BUURTVERBINDER]
MEMBERS = {RESIDENT, ORGANISATION, MUNICIPALITY, BUURTVERBINDER}
ACCOUNTS = MEMBERS | {PENDING}
MANAGERS = {BUURTVERBINDER}
EVERYONE = set(WHO)


@dataclass(frozen=True)
class World:
    """The objects the URLs point at, made once per test."""

    other: User  # an ordinary member the viewer looks at, writes to, reports
    conversation_id: int  # a conversation the viewer (when a member) takes part in
    message_id: int  # a message of `other` in that conversation
    report_id: int
    code_id: int


@dataclass(frozen=True)
class Case:
    name: str  # the URL name
    method: str
    url: Callable[[World], str]
    allowed: set[str]


CASES = [
    Case("members:house_rules", "GET", lambda w: "/huisregels/", EVERYONE),
    # The token in the link is the permission; an unknown one answers 410 to everyone.
    Case("members:accept_invitation", "GET", lambda w: "/uitnodiging/onbekend/", EVERYONE),
    Case("members:directory", "GET", lambda w: "/buren/", MEMBERS),
    Case("members:profile", "GET", lambda w: f"/buren/{w.other.pk}/", MEMBERS),
    Case("members:photo", "GET", lambda w: f"/buren/{w.other.pk}/foto/", MEMBERS),
    Case("members:edit_profile", "GET", lambda w: "/profiel/", MEMBERS),
    Case("members:upload_photo", "POST", lambda w: "/profiel/foto/", MEMBERS),
    Case("members:remove_photo", "POST", lambda w: "/profiel/foto/verwijderen/", MEMBERS),
    Case("members:privacy", "GET", lambda w: "/profiel/privacy/", ACCOUNTS),
    Case("members:my_data", "GET", lambda w: "/profiel/mijn-gegevens/", ACCOUNTS),
    Case("members:export_data", "GET", lambda w: "/profiel/mijn-gegevens.json", ACCOUNTS),
    Case("members:delete_account", "GET", lambda w: "/profiel/opzeggen/", ACCOUNTS),
    Case("members:notices", "GET", lambda w: "/meldingen/", ACCOUNTS),
    Case("members:buurtverbinder_home", "GET", lambda w: "/buurtverbinder/", MANAGERS),
    Case("members:manage_members", "GET", lambda w: "/buurtverbinder/leden/", MANAGERS),
    Case(
        "members:manage_member", "GET", lambda w: f"/buurtverbinder/leden/{w.other.pk}/", MANAGERS
    ),
    Case(
        "members:approve_member",
        "POST",
        lambda w: f"/buurtverbinder/leden/{w.other.pk}/goedkeuren/",
        MANAGERS,
    ),
    Case(
        "members:decline_member",
        "POST",
        lambda w: f"/buurtverbinder/leden/{w.other.pk}/weigeren/",
        MANAGERS,
    ),
    Case("members:joining_settings", "GET", lambda w: "/buurtverbinder/aanmelden/", MANAGERS),
    Case("members:join_codes", "GET", lambda w: "/buurtverbinder/codes/", MANAGERS),
    Case(
        "members:print_join_codes",
        "GET",
        lambda w: f"/buurtverbinder/codes/afdrukken/?ids={w.code_id}",
        MANAGERS,
    ),
    Case(
        "members:delete_join_code",
        "POST",
        lambda w: f"/buurtverbinder/codes/{w.code_id}/verwijderen/",
        MANAGERS,
    ),
    Case("messaging:inbox", "GET", lambda w: "/berichten/", MEMBERS),
    Case("messaging:conversation", "GET", lambda w: f"/berichten/{w.conversation_id}/", MEMBERS),
    Case("messaging:new_message", "GET", lambda w: f"/berichten/aan/{w.other.pk}/", MEMBERS),
    Case("messaging:blocked", "GET", lambda w: "/berichten/geblokkeerd/", MEMBERS),
    Case("messaging:block", "POST", lambda w: f"/berichten/blokkeren/{w.other.pk}/", MEMBERS),
    Case("messaging:unblock", "POST", lambda w: f"/berichten/deblokkeren/{w.other.pk}/", MEMBERS),
    Case("moderation:report", "GET", lambda w: f"/melden/profile/{w.other.pk}/", MEMBERS),
    Case("moderation:queue", "GET", lambda w: "/buurtverbinder/gemeld/", MANAGERS),
    Case(
        "moderation:report_detail",
        "GET",
        lambda w: f"/buurtverbinder/gemeld/{w.report_id}/",
        MANAGERS,
    ),
    Case(
        "moderation:restore",
        "POST",
        lambda w: f"/buurtverbinder/gemeld/{w.report_id}/terugzetten/",
        MANAGERS,
    ),
    Case(
        "moderation:warn",
        "GET",
        lambda w: f"/buurtverbinder/leden/{w.other.pk}/waarschuwen/",
        MANAGERS,
    ),
    Case(
        "moderation:block",
        "GET",
        lambda w: f"/buurtverbinder/leden/{w.other.pk}/blokkeren/",
        MANAGERS,
    ),
    Case(
        "moderation:unblock",
        "GET",
        lambda w: f"/buurtverbinder/leden/{w.other.pk}/deblokkeren/",
        MANAGERS,
    ),
    Case("moderation:audit_trail", "GET", lambda w: "/buurtverbinder/logboek/", MANAGERS),
]


def _viewer(who: str) -> User | None:
    if who == VISITOR:
        return None
    if who == PENDING:
        return make_member(status=Profile.Status.PENDING)
    return make_member(role=who)


def _world(viewer: User | None, in_oost: Buurtsite) -> World:
    from members.actions import create_join_codes

    other = make_member(name="Olga Other", area="Ubbergseweg")
    writer = viewer if viewer is not None and viewer.profile.status == "active" else None
    partner = writer or make_member()
    message = send_message(partner, body="Hallo buur!", acting_user=other)
    reporter = make_member()
    report = report_content(kind="profile", object_id=other.pk, reason="spam", acting_user=reporter)
    connector = make_member(role=User.Role.BUURTVERBINDER)
    [code] = create_join_codes(addresses=["Ubbergseweg 1"], acting_user=connector)
    return World(
        other=other,
        conversation_id=message.conversation_id,
        message_id=message.pk,
        report_id=report.pk,
        code_id=code.pk,
    )


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_role_on_view(in_oost: Buurtsite, case: Case, who: str) -> None:
    viewer = _viewer(who)
    world = _world(viewer, in_oost)
    client = client_for(viewer) if viewer else Client(HTTP_HOST=OOST_HOST)

    response = getattr(client, case.method.lower())(case.url(world))

    if who == VISITOR and who not in case.allowed:
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/?next=")
    elif who in case.allowed:
        assert response.status_code != 403, (case.name, who)
        assert response.status_code < 500, (case.name, who)
        assert not response.get("Location", "").startswith("/account/login/"), (case.name, who)
    else:
        assert response.status_code == 403, (case.name, who, response.status_code)


def _names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_view_of_the_residents_apps_is_in_the_table() -> None:
    ours = {
        name
        for name in _names(get_resolver("mijnbuurtje.urls").url_patterns)
        if name.split(":")[0] in {"members", "messaging", "moderation"}
    }

    assert ours == {case.name for case in CASES}
