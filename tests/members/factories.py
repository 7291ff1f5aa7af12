"""Members for tests, made in the active buurtsite schema through the real actions."""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from accounts.actions import create_member
from accounts.models import User
from members import actions
from members.models import Profile
from tenants.models import Buurtsite
from tests.conftest import OOST_HOST, PASSWORD

_numbers = itertools.count(1)

ROLES = [
    User.Role.RESIDENT,
    User.Role.ORGANISATION,
    User.Role.MUNICIPALITY,
    User.Role.BUURTVERBINDER,
]


def make_member(
    *,
    name: str = "",
    email: str = "",
    role: str = User.Role.RESIDENT,
    status: str = Profile.Status.ACTIVE,
    skills: list[str] | None = None,
    interests: list[str] | None = None,
    **profile: Any,
) -> User:
    """A verified member with a profile; `profile` sets Profile fields directly."""
    number = next(_numbers)
    user = create_member(
        email=email or f"lid{number}@example.nl",
        password=PASSWORD,
        display_name=name or f"Buur {number}",
        role=role,
        email_verified=True,
    )
    actions.update_profile(
        user,
        display_name=user.display_name,
        area=profile.pop("area", ""),
        about=profile.pop("about", ""),
        offer=profile.pop("offer", ""),
        skills=skills or [],
        interests=interests or [],
        acting_user=user,
    )
    Profile.objects.filter(user=user).update(status=status, **profile)
    if status == Profile.Status.BLOCKED:
        User.objects.filter(pk=user.pk).update(is_active=False)
    user.refresh_from_db()
    return user


def signed_in(client: Client, user: User) -> Client:
    """Sign `user` in on `client`; call inside the member's buurtsite schema."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def image_upload(
    name: str = "foto.png", *, size: tuple[int, int] = (300, 200), fmt: str = "PNG", **save: Any
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=fmt, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


# Fixtures, imported by the conftest of each residents' test package.


@pytest.fixture
def resident(in_oost: Buurtsite) -> User:
    return make_member(name="Ria Resident", skills=["Tuinieren"], area="Berg en Dalseweg")


@pytest.fixture
def neighbour(in_oost: Buurtsite) -> User:
    return make_member(name="Nico Neighbour", skills=["Koken"])


@pytest.fixture
def buurtverbinder(in_oost: Buurtsite) -> User:
    return make_member(name="Bert Verbinder", role=User.Role.BUURTVERBINDER)


def client_for(user: User, host: str = OOST_HOST) -> Client:
    """A client signed in as `user`; call inside the member's buurtsite schema."""
    return signed_in(Client(HTTP_HOST=host), user)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    """Uploaded photos land in a folder of this test, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
