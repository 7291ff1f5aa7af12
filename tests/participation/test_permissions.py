"""Every role on every view of participation and digest, in one table.

Outcomes: "login" (a visitor is sent to sign in), "denied" (403), "ok" (any other answer).
The last test makes sure no view of these apps is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User
from digest.links import unsubscribe_token
from members.models import Profile
from tenants.models import Buurtsite
from tests.conftest import OOST_HOST
from tests.members.factories import client_for, make_member
from tests.participation.factories import make_consultation, make_poll

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
PUBLISHERS = {MUNICIPALITY, BUURTVERBINDER}
EVERYONE = set(WHO)


@dataclass(frozen=True)
class World:
    poll_id: int
    closed_poll_id: int
    consultation_id: int
    token: str


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: set[str]


CASES = [
    Case("participation:list", "GET", lambda w: "/meedoen/", MEMBERS),
    Case("participation:detail", "GET", lambda w: f"/meedoen/{w.poll_id}/", MEMBERS),
    Case("participation:vote", "POST", lambda w: f"/meedoen/{w.poll_id}/stemmen/", MEMBERS),
    Case(
        "participation:react", "POST", lambda w: f"/meedoen/{w.consultation_id}/reageren/", MEMBERS
    ),
    Case("participation:publish", "GET", lambda w: "/meedoen/nieuw/poll/", PUBLISHERS),
    Case(
        "participation:export_csv",
        "GET",
        lambda w: f"/meedoen/{w.closed_poll_id}/uitslag.csv",
        PUBLISHERS,
    ),
    Case(
        "participation:export_json",
        "GET",
        lambda w: f"/meedoen/{w.closed_poll_id}/uitslag.json",
        PUBLISHERS,
    ),
    # The signed token is the permission: no sign-in, for everyone who has the link.
    Case("digest:unsubscribe", "GET", lambda w: f"/weekmail/afmelden/{w.token}/", EVERYONE),
    Case("digest:resubscribe", "POST", lambda w: f"/weekmail/aanmelden/{w.token}/", EVERYONE),
]


def _client(who: str) -> Client:
    if who == VISITOR:
        return Client(HTTP_HOST=OOST_HOST)
    if who == PENDING:
        return client_for(make_member(status=Profile.Status.PENDING))
    return client_for(make_member(role=who))


def _outcome(client: Client, case: Case, world: World) -> str:
    url = case.url(world)
    response = client.get(url) if case.method == "GET" else client.post(url, {})
    if response.status_code == 302 and response["Location"].startswith("/account/login/"):
        return "login"
    if response.status_code == 403:
        return "denied"
    return "ok"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_role_on_every_view(in_oost: Buurtsite, case: Case) -> None:
    author = make_member(role=User.Role.BUURTVERBINDER)
    world = World(
        poll_id=make_poll(author).pk,
        closed_poll_id=make_poll(author, title="Gesloten", closed=True).pk,
        consultation_id=make_consultation(author).pk,
        token=unsubscribe_token(make_member()),
    )
    for who in WHO:
        if who in case.allowed:
            expected = "ok"
        elif who == VISITOR:
            expected = "login"
        else:
            expected = "denied"
        assert _outcome(_client(who), case, world) == expected, (case.name, who)


def test_no_view_is_left_out() -> None:
    names: set[str] = set()

    def collect(patterns: list[URLPattern | URLResolver], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                collect(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in {"participation", "digest"} and pattern.name:
                names.add(f"{namespace}:{pattern.name}")

    collect(get_resolver().url_patterns)
    assert names == {case.name for case in CASES}
