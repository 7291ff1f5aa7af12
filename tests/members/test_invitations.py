"""Personal invitations: the first buurtverbinder of a new buurtsite joins through one."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from members import invitations
from members.models import Invitation, Profile
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST, OOST_HOST


def _invite(buurtsite: Buurtsite, capture: Any, email: str = "Nieuw@Example.nl") -> str:
    with tenant_context(buurtsite), capture(execute=True):
        invitations.invite_member(
            email=email,
            role=User.Role.BUURTVERBINDER,
            buurtsite_name=buurtsite.name,
            host=f"{buurtsite.slug}.localhost",
        )
    link = re.search(r"https?://\S+/uitnodiging/(\S+)/", mail.outbox[-1].body)
    assert link is not None
    return link.group(1)


def test_invitation_mail_and_acceptance(
    oost: Buurtsite, django_capture_on_commit_callbacks: Any
) -> None:
    token = _invite(oost, django_capture_on_commit_callbacks)
    client = Client(HTTP_HOST=OOST_HOST)

    assert "Nijmegen-Oost" in mail.outbox[-1].subject
    assert client.get(f"/uitnodiging/{token}/").status_code == 200
    response = client.post(
        f"/uitnodiging/{token}/",
        {
            "display_name": "Sanne",
            "password1": "een-lang-wachtwoord-7",
            "password2": "een-lang-wachtwoord-7",
            "house_rules": "on",
        },
    )

    assert response.status_code == 302
    with tenant_context(oost):
        user = User.objects.get(email="nieuw@example.nl")
        assert user.role == User.Role.BUURTVERBINDER
        assert Profile.objects.get(user=user).status == Profile.Status.ACTIVE
        assert Invitation.objects.get(email="nieuw@example.nl").accepted_at is not None
    assert client.get("/").context["user"].is_authenticated
    # Once only.
    assert Client(HTTP_HOST=OOST_HOST).get(f"/uitnodiging/{token}/").status_code == 410


def test_bad_input_keeps_the_invitation_open(
    oost: Buurtsite, django_capture_on_commit_callbacks: Any
) -> None:
    token = _invite(oost, django_capture_on_commit_callbacks)

    response = Client(HTTP_HOST=OOST_HOST).post(
        f"/uitnodiging/{token}/",
        {"display_name": "", "password1": "kort", "password2": "anders", "house_rules": ""},
    )

    assert response.status_code == 400
    with tenant_context(oost):
        assert not User.objects.filter(email="nieuw@example.nl").exists()
        assert Invitation.objects.get().accepted_at is None


def test_expired_invitation_is_refused(
    oost: Buurtsite, django_capture_on_commit_callbacks: Any
) -> None:
    token = _invite(oost, django_capture_on_commit_callbacks)
    with tenant_context(oost):
        Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = Client(HTTP_HOST=OOST_HOST).get(f"/uitnodiging/{token}/")

    assert response.status_code == 410
    assert "verlopen" in response.content.decode()


def test_an_invitation_of_one_buurtsite_is_useless_on_another(
    oost: Buurtsite, django_capture_on_commit_callbacks: Any
) -> None:
    token = _invite(oost, django_capture_on_commit_callbacks)

    response = Client(HTTP_HOST=LINDENHOLT_HOST).get(f"/uitnodiging/{token}/")

    assert response.status_code == 410


def test_inviting_twice_sends_one_mail(
    oost: Buurtsite, django_capture_on_commit_callbacks: Any
) -> None:
    _invite(oost, django_capture_on_commit_callbacks)
    with tenant_context(oost), django_capture_on_commit_callbacks(execute=True):
        again = invitations.invite_member(
            email="nieuw@example.nl",
            role=User.Role.BUURTVERBINDER,
            buurtsite_name=oost.name,
            host="oost.localhost",
        )

    assert again is not None
    assert len(mail.outbox) == 1
    with tenant_context(oost):
        assert Invitation.objects.count() == 1
        assert len(Invitation.objects.get().token_hash) == 64  # only a hash is kept
