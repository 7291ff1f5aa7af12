"""Joining a buurtsite in each mode, e-mail verification, and the plain-Dutch account pages."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from members import actions
from members.models import JoiningMode, Profile
from members.selectors import get_site_settings
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST, OOST_HOST, PASSWORD
from tests.members.factories import client_for

_addresses = itertools.count(1)
NEW_PASSWORD = "een-sterk-wachtwoord-2026"


def visitor(host: str = OOST_HOST) -> Client:
    """A fresh visitor from an address of its own (allauth limits sign-ups per address)."""
    number = next(_addresses)
    return Client(HTTP_HOST=host, REMOTE_ADDR=f"10.5.{number // 250}.{number % 250 + 1}")


def join_data(**overrides: str) -> dict[str, str]:
    data = {
        "display_name": "José Pérez",
        "email": "jose@example.nl",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "accept_house_rules": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def confirmation_link(message: mail.EmailMessage) -> str:
    match = re.search(r"http://[^/\s]+(/account/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def join_and_verify(client: Client, email: str, **overrides: str) -> None:
    mail.outbox.clear()
    response = client.post("/account/signup/", join_data(email=email, **overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(mail.outbox) == 1
    link = confirmation_link(mail.outbox[0])
    response = client.post(link)
    assert response.status_code == 302


@pytest.fixture
def mode(request: pytest.FixtureRequest, in_oost: Buurtsite) -> str:
    actions.set_joining_mode(mode=request.param)
    return str(request.param)


@pytest.mark.parametrize("mode", [JoiningMode.OPEN], indirect=True)
def test_open_buurtsite_member_is_active_after_verifying_their_email(mode: str) -> None:
    client = visitor()
    mail.outbox.clear()

    response = client.post("/account/signup/", join_data())

    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-email/"
    user = User.objects.get(email="jose@example.nl")
    assert user.display_name == "José Pérez"
    assert not user.emailaddress_set.get().verified
    # Not signed in before the address is verified.
    assert not client.get("/").context["user"].is_authenticated

    message = mail.outbox[0]
    assert message.to == ["jose@example.nl"]
    assert "Nijmegen-Oost" in message.subject
    assert "Bevestig je e-mailadres" in message.subject
    client.post(confirmation_link(message))

    assert user.emailaddress_set.get().verified
    profile = Profile.objects.get(user=user)
    assert profile.status == Profile.Status.ACTIVE
    assert profile.house_rules_version == get_site_settings().house_rules_version
    assert profile.house_rules_accepted_at is not None
    signed_in = client_for(user)
    assert signed_in.get("/buren/").status_code == 200


@pytest.mark.parametrize("mode", [JoiningMode.APPROVAL], indirect=True)
def test_approval_buurtsite_member_waits_until_a_buurtverbinder_approves(
    mode: str, buurtverbinder: User
) -> None:
    client = visitor()
    join_and_verify(client, "wacht@example.nl")
    member = User.objects.get(email="wacht@example.nl")
    member_client = client_for(member)

    assert Profile.objects.get(user=member).status == Profile.Status.PENDING
    waiting = member_client.get("/buren/")
    assert waiting.status_code == 403
    assert "wacht op goedkeuring" in waiting.content.decode()
    # The buurtverbinder hears about it on the site.
    assert buurtverbinder.notices.filter(title__icontains="goedkeuring").exists()

    connector = client_for(buurtverbinder)
    mail.outbox.clear()
    response = connector.post(f"/buurtverbinder/leden/{member.pk}/goedkeuren/")
    assert response.status_code == 302

    assert Profile.objects.get(user=member).status == Profile.Status.ACTIVE
    assert member_client.get("/buren/").status_code == 200
    assert member.notices.filter(kind="membership").exists()


@pytest.mark.parametrize("mode", [JoiningMode.APPROVAL], indirect=True)
def test_declined_member_is_removed(mode: str, buurtverbinder: User) -> None:
    join_and_verify(visitor(), "nee@example.nl")
    member = User.objects.get(email="nee@example.nl")

    response = client_for(buurtverbinder).post(f"/buurtverbinder/leden/{member.pk}/weigeren/")

    assert response.status_code == 302
    assert not User.objects.filter(email="nee@example.nl").exists()


@pytest.mark.parametrize("mode", [JoiningMode.CODE], indirect=True)
def test_code_buurtsite_needs_a_valid_unused_code(mode: str, buurtverbinder: User) -> None:
    [join_code] = actions.create_join_codes(
        addresses=["Berg en Dalseweg 12"], acting_user=buurtverbinder
    )
    client = visitor()

    no_code = client.post("/account/signup/", join_data(email="a@example.nl"))
    wrong_code = client.post("/account/signup/", join_data(email="a@example.nl", code="XXXX9999"))

    assert no_code.status_code == 400
    assert "Vul de code in uit de brief" in no_code.content.decode()
    assert wrong_code.status_code == 400
    assert "We kennen deze code niet" in wrong_code.content.decode()
    assert not User.objects.filter(email="a@example.nl").exists()

    # Typed with spaces and in lower case, as people copy it from paper.
    spaced = f"{join_code.code[:4].lower()} {join_code.code[4:]}"
    join_and_verify(client, "b@example.nl", code=spaced)
    member = User.objects.get(email="b@example.nl")
    join_code.refresh_from_db()
    assert join_code.used_by == member
    assert Profile.objects.get(user=member).status == Profile.Status.ACTIVE

    again = visitor().post("/account/signup/", join_data(email="c@example.nl", code=spaced))
    assert again.status_code == 400
    assert not User.objects.filter(email="c@example.nl").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"accept_house_rules": None}, "Je kunt alleen lid worden als je de huisregels"),
        ({"display_name": "   "}, "Vul je naam in"),
        ({"email": "geen-adres"}, "e-mailadres"),
        ({"password2": "iets-anders-2026"}, "wachtwoord"),
        ({"password1": "123", "password2": "123"}, "wachtwoord"),
    ],
)
def test_bad_join_input_is_refused_in_dutch_and_saves_nothing(
    in_oost: Buurtsite, overrides: dict[str, str | None], message: str
) -> None:
    before = User.objects.count()

    response = visitor().post("/account/signup/", join_data(**overrides))  # type: ignore[arg-type]

    assert response.status_code == 400
    page = response.content.decode()
    assert message.lower() in page.lower()
    assert "Er klopt nog iets niet" in page
    assert User.objects.count() == before


def test_join_page_speaks_plain_dutch_and_shows_the_house_rules_link(in_oost: Buurtsite) -> None:
    page = visitor().get("/account/signup/").content.decode()

    assert "Word lid van Nijmegen-Oost" in page
    assert 'href="/huisregels/"' in page
    assert "Ik heb de huisregels gelezen" in page
    assert "Aanmelden" not in page


def test_house_rules_are_public_and_versioned(in_oost: Buurtsite, buurtverbinder: User) -> None:
    page = visitor().get("/huisregels/").content.decode()
    assert "Wees vriendelijk" in page

    site = actions.update_house_rules(text="Eigen regels voor Oost.", acting_user=buurtverbinder)

    page = visitor().get("/huisregels/").content.decode()
    assert "Eigen regels voor Oost." in page
    assert site.house_rules_version == 2


def test_set_joining_mode_refuses_an_unknown_mode(in_oost: Buurtsite) -> None:
    with pytest.raises(Exception, match="manieren"):
        actions.set_joining_mode(mode="lottery")


def test_sign_in_wrong_password_and_sign_out_in_plain_dutch(in_oost: Buurtsite) -> None:
    client = visitor()
    login_page = client.get("/account/login/").content.decode()
    assert "<h1>Inloggen</h1>" in login_page
    assert "Wachtwoord vergeten?" in login_page

    wrong = client.post(
        "/account/login/", {"login": "bewoner@oost.localhost", "password": "fout-wachtwoord"}
    )
    assert wrong.status_code == 400
    assert "Er klopt nog iets niet" in wrong.content.decode()

    right = client.post(
        "/account/login/", {"login": "bewoner@oost.localhost", "password": PASSWORD}
    )
    assert right.status_code == 302
    logout_page = client.get("/account/logout/").content.decode()
    assert "Wil je uitloggen?" in logout_page
    client.post("/account/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_password_reset_by_email_link(in_oost: Buurtsite) -> None:
    User.objects.create_user("vergeten@example.nl", PASSWORD)
    client = visitor()
    mail.outbox.clear()

    bad = client.post("/account/password/reset/", {"email": "geen-adres"})
    assert bad.status_code == 400
    response = client.post("/account/password/reset/", {"email": "vergeten@example.nl"})
    assert response.status_code == 302
    assert "Kies een nieuw wachtwoord" in mail.outbox[0].subject

    link = re.search(r"http://[^/\s]+(/account/password/reset/key/\S+)", mail.outbox[0].body)
    assert link
    form_page = client.get(link.group(1), follow=True)
    assert "Kies een nieuw wachtwoord" in form_page.content.decode()
    action_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    mismatch = client.post(action_url, {"password1": NEW_PASSWORD, "password2": "anders-2026-x"})
    assert mismatch.status_code == 400
    done = client.post(action_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert User.objects.get(email="vergeten@example.nl").check_password(NEW_PASSWORD)


def test_account_joined_on_one_buurtsite_does_not_exist_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        join_and_verify(visitor(), "alleen-oost@example.nl")

    response = visitor(LINDENHOLT_HOST).post(
        "/account/login/", {"login": "alleen-oost@example.nl", "password": NEW_PASSWORD}
    )

    assert response.status_code == 400
    with tenant_context(lindenholt):
        assert not User.objects.filter(email="alleen-oost@example.nl").exists()
