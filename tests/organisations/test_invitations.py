"""Invitations to the portal: valid 7 days, used once, only the token's hash is kept."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import User
from organisations import invitations
from organisations.invitations import hash_token
from organisations.models import MembershipRole, Organisation, OrganisationInvitation
from tests.conftest import PASSWORD, PLATFORM_HOST
from tests.organisations.factories import make_portal_user, portal_client


def _token_from_mail() -> str:
    match = re.search(r"/portaal/uitnodiging/([\w-]+)/", mail.outbox[-1].body)
    assert match is not None
    return match.group(1)


def test_an_admin_invites_a_colleague_by_email(
    admin_client: Client, organisation: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = admin_client.post(
            "/portaal/team/", {"email": "Collega@Example.nl", "role": MembershipRole.EDITOR}
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["collega@example.nl"]
    assert "Stichting Sterker Sociaal Werk" in mail.outbox[0].subject
    token = _token_from_mail()
    invitation = OrganisationInvitation.objects.get(organisation=organisation)
    # Only the hash is kept; the token itself is nowhere in the database.
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
    assert abs(invitation.expires_at - invitation.created_at - timedelta(days=7)) < timedelta(
        seconds=5
    )


def test_inviting_twice_sends_one_invitation(
    organisation: Organisation, org_admin: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        first = invitations.invite_colleague(
            organisation, email="a@example.nl", role="editor", acting_user=org_admin
        )
        second = invitations.invite_colleague(
            organisation, email="a@example.nl", role="editor", acting_user=org_admin
        )

    assert first == second
    assert len(mail.outbox) == 1


def test_a_colleague_on_the_team_is_not_invited_again(
    admin_client: Client, org_editor: User
) -> None:
    response = admin_client.post("/portaal/team/", {"email": org_editor.email, "role": "editor"})

    assert response.status_code == 400
    assert "zit al in je team" in response.content.decode()


def test_a_bad_address_is_refused_in_dutch(admin_client: Client) -> None:
    response = admin_client.post("/portaal/team/", {"email": "geen adres", "role": "editor"})

    assert response.status_code == 400
    assert not OrganisationInvitation.objects.exists()


def test_accepting_makes_an_account_and_a_membership(
    organisation: Organisation, org_admin: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        invitations.invite_colleague(
            organisation, email="nieuw@example.nl", role="editor", acting_user=org_admin
        )
    token = _token_from_mail()
    client = Client(HTTP_HOST=PLATFORM_HOST)

    response = client.post(
        f"/portaal/uitnodiging/{token}/",
        {"display_name": "Noor Nieuw", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.nl")
    assert user.role == User.Role.ORGANISATION
    assert user.organisation_memberships.get().organisation == organisation
    assert client.get("/portaal/").status_code == 200


def test_a_link_works_only_once(
    organisation: Organisation, org_admin: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        invitations.invite_colleague(
            organisation, email="nieuw@example.nl", role="editor", acting_user=org_admin
        )
    token = _token_from_mail()
    invitations.accept_invitation(token, display_name="Noor", password=PASSWORD)

    response = Client(HTTP_HOST=PLATFORM_HOST).get(f"/portaal/uitnodiging/{token}/")

    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()
    with pytest.raises(ValidationError):
        invitations.accept_invitation(token, display_name="Noor", password=PASSWORD)


def test_a_link_expires_after_seven_days(
    organisation: Organisation, org_admin: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        invitation = invitations.invite_colleague(
            organisation, email="laat@example.nl", role="editor", acting_user=org_admin
        )
    token = _token_from_mail()
    OrganisationInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = Client(HTTP_HOST=PLATFORM_HOST).post(
        f"/portaal/uitnodiging/{token}/",
        {"display_name": "Laat", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not User.objects.filter(email="laat@example.nl").exists()


def test_a_made_up_token_opens_nothing(db: None) -> None:
    response = Client(HTTP_HOST=PLATFORM_HOST).get("/portaal/uitnodiging/verzonnen/")

    assert response.status_code == 410


def test_an_invitation_link_does_nothing_on_a_buurtsite(
    organisation: Organisation,
    org_admin: User,
    oost_client: Client,
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        invitations.invite_colleague(
            organisation, email="nieuw@example.nl", role="editor", acting_user=org_admin
        )
    token = _token_from_mail()

    response = oost_client.post(
        f"/portaal/uitnodiging/{token}/",
        {"display_name": "Noor", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 404
    assert OrganisationInvitation.objects.get().accepted_at is None


def test_someone_with_an_account_joins_after_signing_in(
    organisation: Organisation,
    other_organisation: Organisation,
    org_admin: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    colleague = make_portal_user(other_organisation, email="twee@example.nl")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        invitations.invite_colleague(
            organisation, email="twee@example.nl", role="admin", acting_user=org_admin
        )
    token = _token_from_mail()

    anonymous = Client(HTTP_HOST=PLATFORM_HOST).post(f"/portaal/uitnodiging/{token}/")
    assert anonymous.status_code == 400
    someone_else = portal_client(org_admin).post(f"/portaal/uitnodiging/{token}/")
    assert someone_else.status_code == 400
    response = portal_client(colleague).post(f"/portaal/uitnodiging/{token}/")

    assert response.status_code == 302
    assert colleague.organisation_memberships.filter(
        organisation=organisation, role="admin"
    ).exists()


def test_invitations_are_rate_limited(
    admin_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from organisations import views

    monkeypatch.setattr(views, "INVITE_RATE_LIMIT", (2, 3600))

    codes = [
        admin_client.post(
            "/portaal/team/", {"email": f"c{n}@example.nl", "role": "editor"}
        ).status_code
        for n in range(3)
    ]

    assert codes == [302, 302, 429]
    assert OrganisationInvitation.objects.count() == 2
